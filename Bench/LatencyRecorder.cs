using System.Diagnostics;

namespace ObjectStore.Bench;

/// <summary>
/// The latency of every operation of a phase. One slot per operation, written by the worker that ran it, so that
/// recording takes no lock and adds nothing the figures would then include.
/// </summary>
public sealed class LatencyRecorder(int operations)
{
    private readonly long[] _ticks = new long[operations];

    public void Record(int operation, long startTimestamp) =>
        _ticks[operation] = Stopwatch.GetTimestamp() - startTimestamp;

    /// <summary>Records a latency measured elsewhere (between two wall-clock times rather than on the stopwatch).</summary>
    public void Record(int operation, TimeSpan latency) =>
        _ticks[operation] = (long)(latency.TotalSeconds * Stopwatch.Frequency);

    /// <summary>The nearest-rank percentile, in milliseconds.</summary>
    public double PercentileMilliseconds(double percentile)
    {
        var sorted = (long[])_ticks.Clone();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
