using ObjectStore.Objects;
using ObjectStore.Sequences;

namespace ObjectStore.Partitions;

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

    /// <summary>Every committed write in commit order, with its gap-free sequence number; the cursor is a sequence number.</summary>
    Task<Page<LogEntry>> PageLogAsync(long caller, SequenceQuery query);
}
