using ObjectStore.Feeds;
using ObjectStore.Partitions;

namespace ObjectStore.Objects;

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
    /// Stores one StoredApplicationObject or DeletedApplicationObject given as UTF-8 JSON. Given an
    /// <paramref name="expectedHash"/> (the hash a caller addressed the object by), refuses the object unless its
    /// computed absolute hash is that one.
    /// </summary>
    Task<StoreResult> StoreAsync(long caller, byte[] json, Hash? expectedHash);

    /// <summary>
    /// Stores several objects in one transaction, in any partitions: all commit or none does. <paramref name="json"/> is
    /// the UTF-8 JSON array of the objects, which the grain parses once, as a whole.
    /// </summary>
    Task<IReadOnlyList<StoreResult>> StoreTransactionAsync(long caller, byte[] json);

    /// <summary>The version whose absolute hash is given; needs READ on its partition.</summary>
    Task<StoredObject> GetObjectAsync(long caller, Hash absoluteHash);
}
