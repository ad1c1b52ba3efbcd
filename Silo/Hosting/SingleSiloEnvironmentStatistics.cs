using System.Runtime.CompilerServices;
using Orleans.Statistics;

namespace ObjectStore.Silo.Hosting;

/// <summary>
/// The only (SQLite) silo's CPU and memory figures for Orleans (the Dashboard, load shedding when enabled), read when
/// asked rather than polled: the share of the machine's cores the process used since the figures were last asked for
/// (over a second at least), and the GC's committed and available memory.
/// </summary>
/// <remarks>
/// Orleans' own provider listens to the runtime's event counters, which makes the runtime poll every counter it has once a
/// second on a thread of its own (the <c>.NET Counter Poller</c>, 5-9 ticks a minute of an idle silo) for a CPU figure
/// that one silo, which places every grain on itself, reads once a minute. What a cluster keeps is Orleans' provider:
/// resource-optimised placement weighs its smoothed figures across silos. The figures' type offers no public
/// constructor, so its internal one is called by name; an Orleans upgrade that changes it fails the silo's tests.
/// </remarks>
public sealed class SingleSiloEnvironmentStatistics : IEnvironmentStatisticsProvider
{
    private static readonly TimeSpan ShortestWindow = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private TimeSpan _cpuTime = Environment.CpuUsage.TotalTime;
    private long _since = Environment.TickCount64;
    private float _cpuUsagePercentage;

    public EnvironmentStatistics GetEnvironmentStatistics()
    {
        var memory = GC.GetGCMemoryInfo();
        var maximum = memory.TotalAvailableMemoryBytes;
        var used = Math.Clamp(memory.TotalCommittedBytes - memory.FragmentedBytes, 0, maximum);
        var cpu = CpuUsagePercentage();
        return Create(cpu, cpu, used, used, maximum - used, maximum - used, maximum);
    }

    private float CpuUsagePercentage()
    {
        lock (_gate)
        {
            var now = Environment.TickCount64;
            var elapsed = TimeSpan.FromMilliseconds(now - _since);
            if (elapsed >= ShortestWindow)
            {
                var cpuTime = Environment.CpuUsage.TotalTime;
                _cpuUsagePercentage = Math.Clamp((float)(100 * (cpuTime - _cpuTime) / (elapsed * Environment.ProcessorCount)), 0f, 100f);
                _cpuTime = cpuTime;
                _since = now;
            }

            return _cpuUsagePercentage;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern EnvironmentStatistics Create(float cpuUsagePercentage, float rawCpuUsagePercentage, long memoryUsageBytes,
        long rawMemoryUsageBytes, long availableMemoryBytes, long rawAvailableMemoryBytes, long maximumAvailableMemoryBytes);
}
