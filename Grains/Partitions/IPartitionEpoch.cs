using Orleans.Concurrency;

namespace ObjectStore.Partitions;

/// <summary>
/// How a partition keeps its version grains' memory of "current" honest when the news of a commit is lost: its epoch
/// (see <see cref="ReadAccess.Epoch"/>) starts at the partition's next log sequence when it activates and rises past
/// any commit whose news failed. Its calls interleave: they read memory, and readers call them mid-write.
/// </summary>
[Alias("ObjectStore.IPartitionEpoch")]
public interface IPartitionEpoch : IGrainWithStringKey
{
    /// <summary>The caller's permissions with the partition's epoch, asked by every read of a series.</summary>
    [AlwaysInterleave]
    Task<ReadAccess> GetReadAccessAsync(long caller);

    /// <summary>
    /// A transaction across partitions, which commits without this grain, is about to commit here. Until it is
    /// reported, or its report is overdue (<c>ObjectStore:Reads:TransactionReportDeadline</c>), readers go to the database.
    /// </summary>
    [AlwaysInterleave]
    Task RegisterTransactionAsync(Guid transaction);

    /// <summary>The transaction is over; unless every version grain was told what it committed, the epoch rises.</summary>
    [AlwaysInterleave]
    Task ReportTransactionAsync(Guid transaction, bool versionGrainsTold);
}
