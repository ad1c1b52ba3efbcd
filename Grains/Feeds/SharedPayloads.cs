using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Feeds;

/// <summary>
/// One copy per silo of each payload the feeds hold. Feeds selecting the same partition buffer the same log entries,
/// and each read of a log makes its own copy; without sharing, N feeds would hold N copies of every payload. Entries
/// are weak: a payload lives as long as some feed holds it, and the table forgets it after.
/// </summary>
public sealed class SharedPayloads
{
    private readonly Lock _lock = new();
    private readonly Dictionary<MessageKey, WeakReference<StoredObject>> _payloads = [];
    private int _sweepAt = 1024;

    /// <summary>The copy already held of the payload of <paramref name="message"/>, or <paramref name="payload"/>, which becomes it.</summary>
    public StoredObject Share(MessageKey message, StoredObject payload)
    {
        lock (_lock)
        {
            if (_payloads.TryGetValue(message, out var held) && held.TryGetTarget(out var shared))
            {
                return shared;
            }

            _payloads[message] = new WeakReference<StoredObject>(payload);
            if (_payloads.Count >= _sweepAt)
            {
                Sweep();
            }

            return payload;
        }
    }

    /// <summary>How many payloads feeds hold now (the entries whose payload is still alive).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _payloads.Values.Count(payload => payload.TryGetTarget(out _));
            }
        }
    }

    // Forgets the payloads no feed holds any more; sweeping again only once the table doubled keeps the cost per share constant.
    private void Sweep()
    {
        foreach (var gone in _payloads.Where(entry => !entry.Value.TryGetTarget(out _)).Select(entry => entry.Key).ToList())
        {
            _payloads.Remove(gone);
        }

        _sweepAt = Math.Max(1024, _payloads.Count * 2);
    }
}
