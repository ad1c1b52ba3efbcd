using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using ObjectStore.Objects;

namespace ObjectStore.Storage;

/// <summary>
/// Each partition's next sequence number as this silo's last commit there left it: what a batch of creates expects
/// when it goes to the database without reading first. Only ever a guess: the transaction's first statement checks it
/// under the partitions' row locks (<see cref="StorageDialect.ExpectSequencesSql"/>), so a stale entry (another silo, a
/// purge, a cross-partition transaction wrote since) costs one refused transaction and a retry that reads first, never a
/// wrong sequence. Bounded: at <see cref="Capacity"/> partitions it starts again empty, and the next batch of each
/// partition reads first.
/// </summary>
internal sealed class KnownSequences
{
    /// <summary>About 10 MB of entries: far more partitions than a silo writes to between two of its commits.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<Hash, long> _next = new();

    /// <summary>The expected next sequence of each of <paramref name="partitions"/>; false unless every one is known.</summary>
    public bool TryGetAll(IEnumerable<Hash> partitions, [NotNullWhen(true)] out Dictionary<Hash, long>? expected)
    {
        expected = [];
        foreach (var partition in partitions)
        {
            if (!_next.TryGetValue(partition, out var next))
            {
                expected = null;
                return false;
            }

            expected[partition] = next;
        }

        return true;
    }

    /// <summary>What a committed transaction left: the next sequence of every partition it locked.</summary>
    public void Remember(IReadOnlyDictionary<Hash, long> next)
    {
        if (_next.Count + next.Count > Capacity)
        {
            _next.Clear();
        }

        foreach (var (partition, sequence) in next)
        {
            _next[partition] = sequence;
        }
    }

    /// <summary>After a transaction whose end is unknown or that was refused: its partitions are read again next time.</summary>
    public void Forget(IEnumerable<Hash> partitions)
    {
        foreach (var partition in partitions)
        {
            _next.TryRemove(partition, out _);
        }
    }
}
