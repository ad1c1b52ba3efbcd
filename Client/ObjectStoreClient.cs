using System.Text;
using Microsoft.Extensions.Logging;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;

namespace ObjectStore.Client;

/// <summary>
/// The typed client for front-end services that embed an Orleans client. Every call names the user it is made for
/// (the service authenticated them); the store checks that user's permissions. Failures are the typed exceptions
/// of <see cref="Errors"/>: <see cref="Errors.VersionConflictException"/>, <see cref="Errors.ForbiddenException"/>, ...
/// </summary>
public sealed class ObjectStoreClient(IGrainFactory grains)
{
    private IObjectStoreGrain? _store;

    /// <summary>
    /// Made once: <see cref="IGrainFactory.GetGrain{TGrainInterface}(long, string)"/> resolves the interface by reflection
    /// on every call, a few microseconds of every write. Made on first use, so that the client may be built before it connects.
    /// </summary>
    private IObjectStoreGrain Store => _store ??= grains.GetGrain<IObjectStoreGrain>(0);

    public Task<Partition> UpsertPartitionAsync(long userId, string name, params UserPermissions[] userPermissions) =>
        Store.UpsertPartitionAsync(userId, new UpsertPartitionRequest(new PartitionId(name, userId), userPermissions));

    public Task<Partition> UpsertPartitionAsync(long userId, UpsertPartitionRequest request) =>
        Store.UpsertPartitionAsync(userId, request);

    public Task<Partition> GetPartitionAsync(long userId, Hash partitionHash) =>
        Partition(partitionHash).GetAsync(userId);

    /// <summary>A page of the partitions the user owns or holds READ on, in hash order, with the user's permissions in each.</summary>
    public Task<Page<ReadablePartition>> PageReadablePartitionsAsync(long userId, PartitionListQuery? query = null) =>
        Sequences.PageReadablePartitionsAsync(userId, query ?? new PartitionListQuery());

    public Task<Page<UserPermissions>> ListPartitionUsersAsync(long userId, Hash partitionHash, SequencePageQuery? query = null) =>
        Partition(partitionHash).ListUsersAsync(userId, query ?? new SequencePageQuery());

    /// <summary>Creates the first version of an object.</summary>
    public async Task<StoredObject> CreateAsync(long userId, ObjectDraft draft) =>
        (await Store.StoreAsync(userId, (draft with { Owner = userId }).ToUtf8Json(previous: null), expectedHash: null)).Object;

    /// <summary>Stores a new version of <paramref name="current"/>; fails with a version conflict if it is no longer current.</summary>
    public async Task<StoredObject> UpdateAsync(long userId, StoredObject current, ObjectDraft draft) =>
        (await Store.StoreAsync(userId, (draft with { Owner = userId }).ToUtf8Json(current), expectedHash: null)).Object;

    /// <summary>Deletes the object whose current version is <paramref name="current"/>.</summary>
    public async Task<StoredObject> DeleteAsync(long userId, StoredObject current, DeletionType deletionType = DeletionType.Logical) =>
        (await Store.StoreAsync(userId, ObjectJson.DeletionOf(current, deletionType, userId), expectedHash: null)).Object;

    /// <summary>Stores an object given as Symphony JSON (a StoredApplicationObject or DeletedApplicationObject).</summary>
    public Task<StoreResult> StoreJsonAsync(long userId, string json, Hash? expectedHash = null) =>
        Store.StoreAsync(userId, Encoding.UTF8.GetBytes(json), expectedHash);

    /// <summary>Stores objects given as JSON in one transaction: all or none. The store takes them as one JSON array.</summary>
    public Task<IReadOnlyList<StoreResult>> StoreTransactionAsync(long userId, IReadOnlyList<string> jsons) =>
        Store.StoreTransactionAsync(userId, Encoding.UTF8.GetBytes($"[{string.Join(',', jsons)}]"));

    public Task<StoredObject> GetObjectAsync(long userId, Hash absoluteHash) => Store.GetObjectAsync(userId, absoluteHash);

    public Task<StoredObject> GetCurrentAsync(long userId, Hash baseHash) => Version(baseHash).GetCurrentAsync(userId);

    public Task<Page<StoredObject>> PageVersionsAsync(long userId, Hash baseHash, SequencePageQuery? query = null) =>
        Version(baseHash).PageVersionsAsync(userId, query ?? new SequencePageQuery());

    public Task<Page<StoredObject>> PageAsync(long userId, Hash partitionHash, PartitionPageQuery? query = null) =>
        Partition(partitionHash).PageAsync(userId, query ?? new PartitionPageQuery());

    public Task<StoredObject> GetBySortKeyAsync(long userId, Hash partitionHash, string sortKey) =>
        Partition(partitionHash).GetBySortKeyAsync(userId, sortKey);

    public Task<Page<LogEntry>> PageLogAsync(long userId, Hash partitionHash, SequenceQuery? query = null) =>
        Partition(partitionHash).PageLogAsync(userId, query ?? new SequenceQuery());

    /// <summary>A page of the absolute or current view of a partition's objects (READ on the partition).</summary>
    public Task<Page<StoredObject>> PagePartitionSequenceAsync(long userId, Hash partitionHash, SequenceView view, SequenceQuery? query = null) =>
        Sequences.PagePartitionAsync(userId, partitionHash, view, query ?? new SequenceQuery());

    /// <summary>A page of the absolute or current view of a thread's objects, in the partitions the user may read.</summary>
    public Task<Page<StoredObject>> PageThreadSequenceAsync(long userId, string threadId, SequenceView view, SequenceQuery? query = null) =>
        Sequences.PageThreadAsync(userId, threadId, view, query ?? new SequenceQuery());

    /// <summary>A page of the firehose, every commit of the store (administrators only); its After is where to resume.</summary>
    public Task<Page<FirehoseEntry>> PageFirehoseAsync(long userId, FirehoseQuery? query = null) =>
        grains.GetGrain<IFirehoseGrain>(0).PageAsync(userId, query ?? new FirehoseQuery());

    /// <summary>Creates or redefines the user's feed called <paramref name="name"/>; <paramref name="readers"/> may fetch from it too.</summary>
    public Task<Feed> UpsertFeedAsync(long userId, string name, IReadOnlyList<PartitionSelection> selections, params long[] readers) =>
        Store.UpsertFeedAsync(userId, new UpsertFeedRequest(new PartitionId(name, userId), selections,
            [.. readers.Select(reader => new UserPermissions(reader, Permission.Read))]));

    public Task<Feed> UpsertFeedAsync(long userId, UpsertFeedRequest request) => Store.UpsertFeedAsync(userId, request);

    public Task<Feed> GetFeedAsync(long userId, Hash feedHash) => Feed(feedHash).GetAsync(userId);

    public Task DeleteFeedAsync(long userId, Hash feedHash) => Feed(feedHash).DeleteAsync(userId);

    /// <summary>Acknowledges what the request says, then fetches, long-polling up to the request's wait time.</summary>
    public Task<IReadOnlyList<FeedMessage>> FetchAsync(long userId, Hash feedHash, FeedRequest request, CancellationToken cancellationToken = default) =>
        Feed(feedHash).FetchAsync(userId, request, cancellationToken);

    public Task AcknowledgeAsync(long userId, Hash feedHash, FeedAcknowledgement acknowledgement) =>
        Feed(feedHash).AcknowledgeAsync(userId, acknowledgement);

    public Task<FeedStatus> GetFeedStatusAsync(long userId, Hash feedHash) => Feed(feedHash).GetStatusAsync(userId);

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(long userId, Hash feedHash, int limit = 100) =>
        Feed(feedHash).ListDeadLettersAsync(userId, limit);

    /// <summary>Puts dead letters back on the feed, all of them when no ids are given; answers how many.</summary>
    public Task<int> RequeueDeadLettersAsync(long userId, Hash feedHash, params string[] messageIds) =>
        Feed(feedHash).RequeueDeadLettersAsync(userId, messageIds);

    /// <summary>
    /// A consumer of the feed for <paramref name="userId"/>: it runs <paramref name="handler"/> on each message, several
    /// at a time, and acknowledges what it handled. Call <see cref="FeedConsumer.StartAsync"/> to start it.
    /// </summary>
    public FeedConsumer CreateFeedConsumer(long userId, Hash feedHash, Func<FeedMessage, CancellationToken, Task> handler,
        FeedConsumerOptions? options = null, ILogger? logger = null) =>
        new(this, userId, feedHash, handler, options, logger);

    private ISequenceGrain Sequences => grains.GetGrain<ISequenceGrain>(0);

    private IFeedGrain Feed(Hash feedHash) => grains.GetGrain<IFeedGrain>(feedHash.Value);

    private IPartitionGrain Partition(Hash partitionHash) => grains.GetGrain<IPartitionGrain>(partitionHash.Value);

    private IObjectVersionGrain Version(Hash baseHash) => grains.GetGrain<IObjectVersionGrain>(baseHash.Value);
}
