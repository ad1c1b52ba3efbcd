using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectStore.Errors;
using ObjectStore.Hosting;
using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Partitions;

/// <summary>
/// One partition (key: the partition hash): the only place its metadata and permissions change, held in memory to
/// check every caller, and the way in for writes to this partition alone, which it commits by group commit
/// (<see cref="CommitQueue"/>, in PartitionGrain.Commits.cs). It is not the partition's only writer: a transaction
/// across partitions commits without it (see <see cref="ObjectStoreGrain"/>). Both take the partition's row lock first
/// and check everything under it, so the database lock is what serializes a partition's writes. Objects never live in
/// its state.
/// </summary>
public sealed partial class PartitionGrain(
    IObjectStorage storage,
    ISequenceStorage sequences,
    SiloCommitter committer,
    CommitPublisher publisher,
    ObjectParser parser,
    IOptions<WriteBatchOptions> batchOptions,
    WriteBatchMetrics metrics,
    [FromKeyedServices(ObjectStoreClock.ServiceKey)] TimeProvider clock,
    IOptions<ReadOptions> readOptions,
    ILogger<PartitionGrain> logger) : Grain, IPartitionGrain, IPartitionWriter, IPartitionPermissions
{
    private PartitionRecord? _partition;

    /// <summary>The partition hash; a grain under any other spelling of it stays empty and finds nothing.</summary>
    private Hash PartitionHash { get; set; }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The real clock, not the store's (ObjectStoreClock): a gathering's delay is scheduling, and a test that stops the
        // store's clock must not stop its writes.
        _commits = new CommitQueue(CommitBatchAsync, batchOptions.Value, TimeProvider.System, metrics);
        if (GrainKeys.CanonicalHash(this.GetPrimaryKeyString()) is { } hash)
        {
            PartitionHash = hash;
            _partition = await storage.GetPartitionAsync(hash, cancellationToken);
            await OpenFollowersAsync(cancellationToken);
            PublishPermissions();
        }
    }

    public async Task<Partition> UpsertAsync(long caller, PartitionId id, IReadOnlyList<UserPermissions> changes)
    {
        var canonicalId = PartitionIds.Canonicalize(id);
        if (CanonicalJson.HashOf(canonicalId).Value != this.GetPrimaryKeyString())
        {
            throw new InvalidInputException($"The partition ID hashes to {CanonicalJson.HashOf(canonicalId)}, not to {this.GetPrimaryKeyString()}.");
        }

        var owner = _partition?.Id.UserId ?? id.UserId;
        if (caller != owner)
        {
            throw new ForbiddenException(_partition is null
                ? $"Only user {id.UserId}, whose id the partition ID names, may create this partition."
                : "Only the owner of a partition may change its permissions.");
        }

        PartitionAccess.ValidateChanges(owner, changes);
        var record = _partition ?? new PartitionRecord(PartitionHash, id, canonicalId, new Dictionary<long, Permission>());
        await storage.UpsertPartitionAsync(record, changes, CancellationToken.None);
        var created = _partition is null;
        _partition = await storage.GetPartitionAsync(PartitionHash, CancellationToken.None);
        PublishPermissions(); // Before the change returns: from then on no feed of this silo reads the old permissions.
        LogUpserted(PartitionHash, created, changes.Count);
        return ToPartition(_partition!);
    }

    public Task<Permission> GetPermissionsAsync(long caller)
    {
        var partition = RequirePartition();
        return Task.FromResult(PartitionAccess.Of(caller, partition.Id.UserId, partition.Permissions.GetValueOrDefault(caller)));
    }

    public async Task<Partition> GetAsync(long caller)
    {
        await RequireAsync(caller, Permission.Read);
        return ToPartition(_partition!);
    }

    public async Task<Page<UserPermissions>> ListUsersAsync(long caller, SequencePageQuery query)
    {
        await RequireAsync(caller, Permission.Read);
        query.Validate();
        var after = query.ParseAfter();
        var users = _partition!.Permissions
            .Select(pair => new UserPermissions(pair.Key, pair.Value))
            .Where(user => after is null || (query.ScanForwards ? user.UserId > after : user.UserId < after));
        var ordered = query.ScanForwards ? users.OrderBy(user => user.UserId) : users.OrderByDescending(user => user.UserId);
        return Pages.BySequence(ordered.Take(query.Limit + 1).ToList(), query.Limit, after is not null, user => user.UserId);
    }

    private async Task RequireAsync(long caller, Permission needed)
    {
        PartitionAccess.Demand(await GetPermissionsAsync(caller), needed, caller, PartitionHash);
    }

    private PartitionRecord RequirePartition() =>
        _partition ?? throw new NotFoundException($"There is no partition {this.GetPrimaryKeyString()}.");

    private static Partition ToPartition(PartitionRecord record) => new(record.PartitionHash, record.Id, record.CanonicalId);
}
