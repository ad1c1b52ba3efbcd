using System.Diagnostics;

namespace ObjectStore.Bench;

/// <summary>
/// Runs a fixed number of operations on a fixed number of concurrent workers. Workers take the next operation
/// number from a shared counter, so a slow worker does not leave the others idle at the end of the phase.
/// Throughput is the wall clock of the whole phase; latency is per operation.
/// </summary>
public static class Phase
{
    /// <summary>Unmeasured operations first, so that JIT, connection pools and activations are not measured.</summary>
    public static Task WarmUpAsync(int operations, int workers, Func<int, int, Task> operation) =>
        operations == 0 ? Task.CompletedTask : RunAsync(operations, workers, operation);

    /// <param name="operation">Runs operation number <c>index</c> (0 to operations - 1) on worker number <c>worker</c>.</param>
    public static async Task<PhaseResult> RunAsync(int operations, int workers, Func<int, int, Task> operation)
    {
        var latencies = new LatencyRecorder(operations);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < operations)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(worker, index);
                latencies.Record(index, start);
            }
        })));
        clock.Stop();
        return new PhaseResult(operations, clock.Elapsed, latencies.PercentileMilliseconds(50), latencies.PercentileMilliseconds(99));
    }
}
