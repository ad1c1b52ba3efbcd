using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectStore.Feeds;
using ObjectStore.Hosting;
using ObjectStore.Partitions;
using ObjectStore.Storage;

namespace ObjectStore.Purging;

/// <summary>What the last purge did; kept in grain state so that operators can see it after a restart.</summary>
[GenerateSerializer, Alias("ObjectStore.PurgeReport")]
public sealed record PurgeReport(
    [property: Id(0)] DateTimeOffset RanAt,
    [property: Id(1)] int Removed,
    [property: Id(2)] int FeedsExpired = 0);

/// <summary>Removes, cluster-wide, the objects whose current version is past its purgeDate, and the feeds past their expiry.</summary>
[Alias("ObjectStore.IPurgeGrain")]
public interface IPurgeGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder that runs the purge every configured interval.</summary>
    Task StartAsync();

    /// <summary>Purges everything due now, partition by partition through each partition's writer.</summary>
    Task<PurgeReport> PurgeExpiredAsync();

    Task<PurgeReport?> GetLastReportAsync();
}

/// <summary>One per cluster (key 0), woken by a reminder, so that a single silo purges at a time.</summary>
public sealed partial class PurgeGrain(
    IObjectStorage storage,
    IFeedStorage feeds,
    IOptions<ObjectStoreOptions> options,
    [PersistentState("purge", ObjectStoreOptions.GrainStorageName)] IPersistentState<PurgeReport?> lastReport,
    ILogger<PurgeGrain> logger) : Grain, IPurgeGrain, IRemindable
{
    private const string ReminderName = "purge-expired";
    private const int BatchSize = 500;

    public async Task StartAsync() =>
        await this.RegisterOrUpdateReminder(ReminderName, options.Value.PurgeInterval, options.Value.PurgeInterval);

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await PurgeExpiredAsync();

    public async Task<PurgeReport> PurgeExpiredAsync()
    {
        var now = options.Value.Clock.GetUtcNow();
        var removed = 0;
        while (true)
        {
            var due = await storage.FindExpiredAsync(now, BatchSize, CancellationToken.None);
            foreach (var partition in due.GroupBy(series => series.PartitionHash))
            {
                removed += await GrainFactory.GetGrain<IPartitionWriter>(partition.Key.Value)
                    .PurgeAsync(partition.Select(series => series.BaseHash).ToList());
            }

            if (due.Count < BatchSize)
            {
                break;
            }
        }

        var expiredFeeds = 0;
        foreach (var feedHash in await feeds.FindExpiredFeedsAsync(now, int.MaxValue, CancellationToken.None))
        {
            expiredFeeds += await GrainFactory.GetGrain<IFeedWriter>(feedHash.Value).ExpireAsync(now) ? 1 : 0;
        }

        var report = new PurgeReport(now, removed, expiredFeeds);
        lastReport.State = report;
        await lastReport.WriteStateAsync();
        LogPurged(removed, expiredFeeds, now);
        return report;
    }

    public Task<PurgeReport?> GetLastReportAsync() => Task.FromResult(lastReport.State);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purge removed {Removed} expired objects and {FeedsExpired} expired feeds (due at {Now}).")]
    private partial void LogPurged(int removed, int feedsExpired, DateTimeOffset now);
}
