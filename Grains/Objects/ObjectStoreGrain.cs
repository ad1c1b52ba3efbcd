using Microsoft.Extensions.Options;
using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Hosting;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using Orleans.Concurrency;

namespace ObjectStore.Objects;

/// <summary>
/// The stateless entry point: parses and hashes what callers send, then hands each write to the writer of its
/// partition. A transaction that spans partitions is committed here as one database transaction that checks the
/// caller's WRITE permissions under the partitions' row locks, which also serialize it with the partitions' own writers
/// (see <see cref="CrossPartitionCommit"/>). Reads by absolute hash are served from this silo's <see cref="ObjectCache"/>
/// once the series' version grain confirms the version is still stored, and the caller may read it.
/// It keeps no state, so it is reentrant: a worker awaiting a large body's parse (see <see cref="ObjectParser.ParseAsync"/>)
/// or a commit takes other calls meanwhile, and a few expensive requests cannot hold every worker of the silo.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class ObjectStoreGrain(
    IObjectStorage storage,
    ObjectParser parser,
    CrossPartitionCommit crossPartition,
    ObjectCache cache,
    IOptions<ObjectLimitsOptions> options) : Grain, IObjectStoreGrain
{
    private GrainReferences<IPartitionWriter>? _writers;

    /// <summary>The writers of partitions, made without reflection on every write (see <see cref="GrainReferences{TGrainInterface}"/>).</summary>
    private GrainReferences<IPartitionWriter> Writers => _writers ??= new(GrainFactory);

    public Task<Partition> UpsertPartitionAsync(long caller, UpsertPartitionRequest request)
    {
        if (request?.Id is null)
        {
            throw new InvalidInputException("'partitionId' is required.");
        }

        var hash = PartitionIds.HashOf(request.Id);
        return GrainFactory.GetGrain<IPartitionWriter>(hash.Value).UpsertAsync(caller, request.Id, request.UserPermissions ?? []);
    }

    public Task<Feed> UpsertFeedAsync(long caller, UpsertFeedRequest request)
    {
        if (request?.Id is null)
        {
            throw new InvalidInputException("'feedId' is required: the NamedUserIdObject {name, userId} of the feed.");
        }

        return GrainFactory.GetGrain<IFeedLifecycle>(PartitionIds.HashOf(request.Id, "feed").Value).UpsertAsync(caller, request);
    }

    public async Task<StoreResult> StoreAsync(long caller, byte[] json, Hash? expectedHash)
    {
        var write = await parser.ParseAsync(json);
        if (expectedHash is { } expected && expected != write.AbsoluteHash)
        {
            throw new InvalidInputException($"The object hashes to {write.AbsoluteHash}, not to the {expected} it was sent as.");
        }

        var results = await Writers.Get(write.PartitionHash.Value).CommitAsync(caller, [write]);
        return results[0];
    }

    public async Task<IReadOnlyList<StoreResult>> StoreTransactionAsync(long caller, byte[] json)
    {
        var writes = await parser.ParseTransactionAsync(json, options.Value.MaxTransactionObjects);
        var partitions = writes.Select(write => write.PartitionHash).Distinct().ToList();
        if (partitions.Count == 1)
        {
            return await Writers.Get(partitions[0].Value).CommitAsync(caller, writes);
        }

        WriteRules.CheckOwner(caller, writes);
        return await crossPartition.CommitAsync(caller, writes, partitions);
    }

    public async Task<StoredObject> GetObjectAsync(long caller, Hash absoluteHash)
    {
        if (cache.TryGet(absoluteHash, out var cached))
        {
            if (await GrainFactory.GetGrain<IObjectVersionCheck>(cached.BaseHash.Value).IsStoredAsync(caller, cached.Sequence))
            {
                return cached;
            }

            cache.Remove(absoluteHash);
        }

        var stored = await storage.GetObjectAsync(absoluteHash, CancellationToken.None)
            ?? throw new NotFoundException($"There is no object with absoluteHash {absoluteHash}.");
        await GrainFactory.RequireObjectReadableAsync(stored.PartitionHash, caller);
        cache.Add(stored);
        return stored;
    }
}
