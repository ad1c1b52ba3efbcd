namespace ObjectStore.Silo.Hosting;

/// <summary>
/// The clock Orleans' local silo health monitor runs on when the silo is the only one (the SQLite default): the
/// membership clock's time and its one-shot and slower timers, but no periodic timer of less than a second.
/// </summary>
/// <remarks>
/// The monitor's thread-pool stall detector samples every 100 ms for as long as the silo lives. Its samples serve a
/// silo whose probe of another failed, which discounts its own stalls before it votes that silo dead, and a warning in
/// the log when the pool stalled for a second or more. A single silo probes nobody, and those samples were most of its
/// idle wake-ups: each tick woke the timer thread, several times over while the coarse clock caught up, and pool
/// workers (58 timer-thread and about 50 worker wake-ups a second before, 9 and 12 after). What the one silo gives up
/// is that warning; Orleans' watchdog, on its own thread, still warns of long GC pauses and of its heartbeat stalling.
/// The monitor's once-a-second health check (membership status, timers on time) runs on one-shot timers and stays. A
/// silo of a cluster keeps the membership clock: its probes need the samples.
/// </remarks>
public sealed partial class SingleSiloHealthMonitorClock(TimeProvider membershipClock, ILogger<SingleSiloHealthMonitorClock> logger) : TimeProvider
{
    /// <summary>Periodic timers faster than this are declined.</summary>
    public static readonly TimeSpan ShortestPeriod = TimeSpan.FromSeconds(1);

    public override DateTimeOffset GetUtcNow() => membershipClock.GetUtcNow();

    public override long GetTimestamp() => membershipClock.GetTimestamp();

    public override long TimestampFrequency => membershipClock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => membershipClock.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period <= TimeSpan.Zero || period >= ShortestPeriod)
        {
            return membershipClock.CreateTimer(callback, state, dueTime, period);
        }

        LogSamplingDeclined(logger, period.TotalMilliseconds);
        return new StillTimer();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The only silo declines a periodic timer of {PeriodMilliseconds} ms for Orleans' local health monitor: its thread-pool stall samples only serve probes of other silos.")]
    private static partial void LogSamplingDeclined(ILogger logger, double periodMilliseconds);

    /// <summary>A timer that never fires: what sampling nobody reads needs.</summary>
    private sealed class StillTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
