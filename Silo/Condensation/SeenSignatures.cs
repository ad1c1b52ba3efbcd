using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ObjectStore.Silo.Condensation;

/// <summary>
/// The signatures this silo has accepted whose date is still inside the accepted window, so that a captured signed
/// request cannot be sent again (a replayed add would undo its owner's remove). A signature is forgotten once its date
/// leaves the window, where the date check refuses it anyway. The memory is bounded: past
/// <see cref="Capacity"/> signatures the oldest is forgotten, and from then on every signature dated at or before it is
/// refused too, so a replay is never let in; under such a load the window only shrinks for clients whose dates lag.
/// Per silo: behind a load balancer, a request replayed to another silo within the window is not recognised.
/// </summary>
public sealed class SeenSignatures
{
    /// <summary>About 60 bytes each, so some 15 MB: a minute of 4,000 signed requests a second.</summary>
    public const int Capacity = 250_000;

    private readonly Lock _lock = new();
    private readonly HashSet<UInt128> _seen = [];
    private readonly PriorityQueue<UInt128, DateTimeOffset> _byDate = new();
    private DateTimeOffset _forgottenUpTo = DateTimeOffset.MinValue;

    /// <summary>
    /// Remembers <paramref name="signature"/>; false when it was seen before, or is dated no later than a signature
    /// forgotten to make room. Signatures dated before <paramref name="windowStart"/> are forgotten first.
    /// </summary>
    public bool TryRemember(byte[] signature, DateTimeOffset date, DateTimeOffset windowStart)
    {
        // A digest, so that a key is 16 bytes whatever the signature's length, and no caller chooses how keys collide.
        var key = BinaryPrimitives.ReadUInt128BigEndian(SHA256.HashData(signature));
        lock (_lock)
        {
            while (_byDate.TryPeek(out var oldest, out var oldestDate) && oldestDate < windowStart)
            {
                _seen.Remove(_byDate.Dequeue());
            }

            if (date <= _forgottenUpTo || !_seen.Add(key))
            {
                return false;
            }

            _byDate.Enqueue(key, date);
            if (_seen.Count > Capacity)
            {
                _byDate.TryDequeue(out var forgotten, out var forgottenDate);
                _seen.Remove(forgotten);
                _forgottenUpTo = forgottenDate > _forgottenUpTo ? forgottenDate : _forgottenUpTo;
            }

            return true;
        }
    }
}
