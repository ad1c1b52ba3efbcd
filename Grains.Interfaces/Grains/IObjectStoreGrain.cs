using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Grains;

/// <summary>
/// The entry point for writes and for reads by absolute hash. It parses and validates what callers send, computes
/// every hash itself, and routes the work to the grain that owns it. Stateless: any silo serves any call.
/// </summary>
[Alias("ObjectStore.IObjectStoreGrain")]
public interface IObjectStoreGrain : IGrainWithIntegerKey
{
    /// <summary>Creates a partition (caller must be the user its ID names) or changes its user permissions (owner only).</summary>
    Task<Partition> UpsertPartitionAsync(long caller, UpsertPartitionRequest request);

    /// <summary>
    /// Creates or redefines a feed (caller must be the user its ID names, with READ on every selected partition).
    /// </summary>
    Task<Feed> UpsertFeedAsync(long caller, UpsertFeedRequest request);

    /// <summary>
    /// Stores one StoredApplicationObject or DeletedApplicationObject given as JSON. Given an
    /// <paramref name="expectedHash"/> (the hash a caller addressed the object by), refuses the object unless its
    /// computed absolute hash is that one.
    /// </summary>
    Task<StoreResult> StoreAsync(long caller, string json, Hash? expectedHash);

    /// <summary>Stores several objects in one transaction, in any partitions: all commit or none does.</summary>
    Task<IReadOnlyList<StoreResult>> StoreTransactionAsync(long caller, IReadOnlyList<string> jsons);

    /// <summary>The version whose absolute hash is given; needs READ on its partition.</summary>
    Task<StoredObject> GetObjectAsync(long caller, Hash absoluteHash);
}

/// <summary>One partition: its metadata and permissions, and reads of its current objects and its log.</summary>
[Alias("ObjectStore.IPartitionGrain")]
public interface IPartitionGrain : IGrainWithStringKey
{
    Task<Partition> GetAsync(long caller);

    /// <summary>Users with permissions, ordered by user id; the cursor is a user id.</summary>
    Task<Page<UserPermissions>> ListUsersAsync(long caller, SequencePageQuery query);

    /// <summary>Current objects in sort-key order.</summary>
    Task<Page<StoredObject>> PageAsync(long caller, PartitionPageQuery query);

    /// <summary>The current object that holds the sort key.</summary>
    Task<StoredObject> GetBySortKeyAsync(long caller, string sortKey);

    /// <summary>Every committed write in commit order (the "absolute" view); the cursor is a sequence number.</summary>
    Task<Page<LogEntry>> PageLogAsync(long caller, SequencePageQuery query);
}

/// <summary>One object series, keyed by its base hash: its current version and its history.</summary>
[Alias("ObjectStore.IObjectVersionGrain")]
public interface IObjectVersionGrain : IGrainWithStringKey
{
    /// <summary>The current version; <see cref="Errors.ObjectDeletedException"/> when it is a tombstone.</summary>
    Task<StoredObject> GetCurrentAsync(long caller);

    /// <summary>Every version, oldest first unless scanning backwards; the cursor is a sequence number.</summary>
    Task<Page<StoredObject>> PageVersionsAsync(long caller, SequencePageQuery query);
}
