using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectStore.Feeds;
using ObjectStore.Hosting;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Telemetry;

namespace ObjectStore.Expiry;

/// <summary>One per cluster (key 0), woken by a reminder, so that a single silo removes at a time.</summary>
/// <remarks>
/// Its grain type is the one it was first deployed under, so that its stored report and reminder stay its own. Kept
/// alive between purges: Orleans would otherwise collect it after 15 idle minutes (with a purge interval that long) and
/// activate it again for the next.
/// </remarks>
[GrainType("purge"), KeepAlive]
public sealed partial class ExpiryGrain(
    IObjectStorage storage,
    IFeedStorage feeds,
    IOptions<ExpiryOptions> options,
    [FromKeyedServices(ObjectStoreClock.ServiceKey)] TimeProvider clock,
    [PersistentState("purge", ObjectStoreSiloBuilderExtensions.GrainStorageName)] IPersistentState<ExpiryReport?> lastReport,
    ObjectStoreMetrics metrics,
    ILogger<ExpiryGrain> logger) : Grain, IExpiryGrain, IRemindable
{
    private const string ReminderName = "purge-expired";
    private const int BatchSize = 500;

    /// <summary>This activation's last purge, stored or not; before one, the last stored purge.</summary>
    private ExpiryReport? _lastRun;

    /// <summary>The one-shot purge a start armed, until it begins.</summary>
    private IGrainTimer? _startPurge;

    public async Task StartAsync()
    {
        await this.RegisterOrUpdateReminder(ReminderName, options.Value.PurgeInterval, options.Value.PurgeInterval);

        // What expired while no silo ran goes now, not a purge interval later, and the purge's code is compiled as the
        // silo starts rather than in an idle silo's fifth minute. A one-shot timer, not awaited here: a long backlog must
        // not hold up the start, nor a failed purge fail it (the timer logs it; the reminder tries again). At most one
        // waits to begin: the silos of a cluster all call this as they start, and one purge covers them.
        _startPurge ??= this.RegisterGrainTimer(
            static async (grain, _) =>
            {
                using var fired = grain._startPurge;
                grain._startPurge = null;
                await grain.RemoveExpiredAsync();
            },
            this,
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await RemoveExpiredAsync();

    public async Task<ExpiryReport> RemoveExpiredAsync()
    {
        var now = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
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
            expiredFeeds += await GrainFactory.GetGrain<IFeedLifecycle>(feedHash.Value).ExpireAsync(now) ? 1 : 0;
        }

        var report = new ExpiryReport(now, removed, expiredFeeds);
        metrics.Purged(report, Stopwatch.GetElapsedTime(started));
        if (removed > 0 || expiredFeeds > 0)
        {
            // Only a purge that removed something is stored: an idle store's purges would otherwise write the database
            // every interval, and the first such write compiled the grain storage's JSON serializer minutes after start.
            lastReport.State = report;
            await lastReport.WriteStateAsync();
        }

        _lastRun = report;
        LogPurged(removed, expiredFeeds, now);
        return report;
    }

    public Task<ExpiryReport?> GetLastReportAsync() => Task.FromResult(_lastRun ?? lastReport.State);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purge removed {Removed} expired objects and {FeedsExpired} expired feeds (due at {Now}).")]
    private partial void LogPurged(int removed, int feedsExpired, DateTimeOffset now);
}
