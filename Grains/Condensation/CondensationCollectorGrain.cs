using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectStore.Hosting;
using System.Diagnostics;
using ObjectStore.Storage;
using ObjectStore.Telemetry;

namespace ObjectStore.Condensation;

/// <summary>One per cluster (key 0), woken by a reminder; the store serves while it collects.</summary>
/// <remarks>
/// Its grain type is the one it was first deployed under, so that its reminder stays its own. Kept alive between
/// collections: activated at start to register its hourly reminder, it was the grain Orleans collected after 15 idle
/// minutes, and that first deactivation compiled its path in an idle silo's 15th minute; then it was activated again
/// every hour and collected 15 minutes later.
/// </remarks>
[GrainType("garbagecollector"), KeepAlive]
public sealed partial class CondensationCollectorGrain(
    ICondensationStorage storage,
    IOptions<CondensationOptions> options,
    [FromKeyedServices(ObjectStoreClock.ServiceKey)] TimeProvider clock,
    ObjectStoreMetrics metrics,
    ILogger<CondensationCollectorGrain> logger) : Grain, ICondensationCollectorGrain, IRemindable
{
    private const string ReminderName = "condensation-garbage";

    private CondensationOptions Settings => options.Value;

    public async Task StartAsync() =>
        await this.RegisterOrUpdateReminder(ReminderName, Settings.CollectionInterval, Settings.CollectionInterval);

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await CollectAsync();

    public async Task<CollectionReport> CollectAsync()
    {
        var now = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var report = await storage.CollectGarbageAsync(now, now - Settings.GracePeriod, CancellationToken.None);
        metrics.Collected(report, Stopwatch.GetElapsedTime(started));
        LogCollected(report.Kept, report.Removed, report.ExpiredEnvelopes, Settings.GracePeriod);
        return report;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Condensation garbage collection kept {Kept} objects, removed {Removed}, and dropped {ExpiredEnvelopes} expired message envelopes from boxes (grace period {GracePeriod}).")]
    private partial void LogCollected(long kept, long removed, long expiredEnvelopes, TimeSpan gracePeriod);
}
