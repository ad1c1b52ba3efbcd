using ObjectStore.Client;
using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Bench;

/// <summary>
/// W3's writes: a new version of an object picked at random, from the version this writer last knew of. Writers that
/// pick the same object at once race as applications would; the loser gets version-conflict, reads the current version
/// and tries again, so that every operation ends in one new version and every conflict is counted.
/// </summary>
public sealed class NewVersions(ObjectStoreClient client, long userId, IReadOnlyList<StoredObject> objects, BenchOptions options)
{
    private readonly StoredObject[] _latest = [.. objects];
    private long _conflicts;

    public long Conflicts => Interlocked.Read(ref _conflicts);

    public async Task WriteAsync()
    {
        var slot = Random.Shared.Next(_latest.Length);
        var known = Volatile.Read(ref _latest[slot]);
        while (true)
        {
            try
            {
                var written = await client.UpdateAsync(userId, known, StoreWorkload.Draft(known.PartitionHash, known.SortKey, options));
                // Only over the version it replaced: a writer that lost the race to this one may still be on its way.
                Interlocked.CompareExchange(ref _latest[slot], written, known);
                return;
            }
            catch (VersionConflictException)
            {
                Interlocked.Increment(ref _conflicts);
                var current = await client.GetCurrentAsync(userId, known.BaseHash);
                Interlocked.CompareExchange(ref _latest[slot], current, known);
                known = current;
            }
        }
    }
}
