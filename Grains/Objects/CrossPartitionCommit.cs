using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectStore.Errors;
using ObjectStore.Hosting;
using ObjectStore.Partitions;
using ObjectStore.Storage;

namespace ObjectStore.Objects;

/// <summary>
/// Commits a transaction across partitions, which none of their grains commits: each partition is told before the
/// commit and again once the version grains were told what it did, so that when that news is lost (it failed, or this
/// silo died in between and the report never comes) the partition's epoch rises and its version grains reload.
/// The commit is given up at <see cref="ReadOptions.TransactionReportDeadline"/>, when the partitions stop waiting and
/// take their epoch from the log: a commit that lands later would be past it, its news unaccounted for.
/// </summary>
public sealed partial class CrossPartitionCommit(
    IGrainFactory grains,
    IObjectStorage storage,
    CommitPublisher publisher,
    IOptions<ReadOptions> options,
    [FromKeyedServices(ObjectStoreClock.ServiceKey)] TimeProvider clock,
    ILogger<CrossPartitionCommit> logger)
{
    public async Task<IReadOnlyList<StoreResult>> CommitAsync(long caller, IReadOnlyList<PreparedWrite> writes, IReadOnlyList<Hash> partitions)
    {
        using var deadline = new CancellationTokenSource(options.Value.TransactionReportDeadline, clock);
        var transaction = Guid.NewGuid();
        var epochs = partitions.Select(partition => grains.GetGrain<IPartitionEpoch>(partition.Value)).ToList();
        await Task.WhenAll(epochs.Select(epoch => epoch.RegisterTransactionAsync(transaction)));
        IReadOnlyList<StoreResult> results;
        try
        {
            results = await storage.CommitAsync(writes, writer: caller, deadline.Token);
        }
        catch (ObjectStoreException refused) when (refused is not StorageFailureException)
        {
            // Refused under the locks: nothing changed, there is nothing to tell.
            await ReportAsync(epochs, transaction, versionGrainsTold: true);
            throw;
        }
        catch
        {
            // The database failed, or the deadline passed: the commit may have landed all the same.
            await ReportAsync(epochs, transaction, versionGrainsTold: false);
            throw;
        }

        await ReportAsync(epochs, transaction, await publisher.PublishAsync(results));
        return results;
    }

    /// <summary>A report that fails is not the caller's problem: the partition raises its epoch when the report is overdue.</summary>
    private async Task ReportAsync(List<IPartitionEpoch> epochs, Guid transaction, bool versionGrainsTold)
    {
        try
        {
            await Task.WhenAll(epochs.Select(epoch => epoch.ReportTransactionAsync(transaction, versionGrainsTold)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReportFailed(e, transaction);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report transaction {Transaction} to its partitions; they raise their epochs when the report is overdue.")]
    private partial void LogReportFailed(Exception exception, Guid transaction);
}
