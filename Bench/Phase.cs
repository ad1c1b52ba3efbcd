using System.Diagnostics;
using System.Runtime;

namespace ObjectStore.Bench;

/// <summary>
/// Runs a fixed number of operations on a fixed number of concurrent workers. Workers take the next operation
/// number from a shared counter, so a slow worker does not leave the others idle at the end of the phase.
/// Throughput is the wall clock of the whole phase; latency is per operation.
/// </summary>
public static class Phase
{
    /// <summary>A warm-up round that compiles fewer methods than this ends the warm-up: the runtime has settled.</summary>
    public const int QuietCompilations = 50;

    /// <summary>Rounds of warm-up at most, however much the runtime still compiles.</summary>
    public const int MaxWarmUpRounds = 20;

    /// <summary>
    /// Unmeasured operations first, so that JIT, connection pools and activations are not measured: rounds of
    /// <paramref name="operations"/> until one compiles fewer than <see cref="QuietCompilations"/> methods, or
    /// <see cref="MaxWarmUpRounds"/> rounds. The runtime keeps recompiling hot code in the background (tiered compilation,
    /// with profile-guided optimization) for many seconds after it first runs; a silo that has served for minutes runs the
    /// recompiled code, which is what a figure should measure. Operation numbers go on across rounds.
    /// </summary>
    /// <param name="name">The workload warmed, for the line the warm-up prints to standard error.</param>
    /// <param name="compiledMethods">The process's count of compiled methods; <see cref="JitInfo.GetCompiledMethodCount"/> unless a test counts.</param>
    public static async Task<WarmUp> WarmUpAsync(string name, int operations, int workers, Func<int, int, Task> operation, Func<long>? compiledMethods = null)
    {
        compiledMethods ??= static () => JitInfo.GetCompiledMethodCount();
        var clock = Stopwatch.StartNew();
        var (rounds, compiled, settled) = (0, 0L, false);
        while (operations > 0 && rounds < MaxWarmUpRounds && !settled)
        {
            var before = compiledMethods();
            var first = rounds * operations;
            await RunAsync(operations, workers, (worker, index) => operation(worker, first + index));
            rounds++;
            var round = compiledMethods() - before;
            compiled += round;
            settled = round < QuietCompilations;
        }

        var warmUp = new WarmUp(rounds, rounds * operations, compiled, settled, clock.Elapsed);
        if (rounds > 0)
        {
            Console.Error.WriteLine($"{name} warm-up: {warmUp}");
        }

        return warmUp;
    }

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
