using System.Collections.Concurrent;
using ObjectStore.Bench;

namespace ObjectStore.Tests.Bench;

/// <summary>
/// The bench's warm-up: rounds of operations until the runtime stops compiling, so that a figure measures the code a silo
/// runs once it has served a while, not the first compilations. The count of compiled methods is the test's own.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class BenchWarmUpTests
{
    private readonly ConcurrentBag<int> _operations = [];

    private Task Operation(int worker, int index)
    {
        _operations.Add(index);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Rounds_go_on_while_the_runtime_compiles_and_end_with_the_first_quiet_one()
    {
        // Readings before and after each round: 120 methods, then 60, then 10 (quiet).
        var readings = new Queue<long>([0, 120, 120, 180, 180, 190]);

        var warmUp = await Phase.WarmUpAsync("test", 100, 4, Operation, readings.Dequeue);

        Assert.Equal((3, 300, 190L, true), (warmUp.Rounds, warmUp.Operations, warmUp.CompiledMethods, warmUp.Settled));
        Assert.Empty(readings);
        Assert.Equal(Enumerable.Range(0, 300), _operations.Order());
    }

    [Fact]
    public async Task A_runtime_that_never_settles_stops_the_warm_up_after_the_most_rounds_and_says_so()
    {
        var compiled = 0L;

        var warmUp = await Phase.WarmUpAsync("test", 10, 2, Operation, () => compiled += Phase.QuietCompilations);

        Assert.Equal((Phase.MaxWarmUpRounds, false), (warmUp.Rounds, warmUp.Settled));
        Assert.Equal(Phase.MaxWarmUpRounds * 10, _operations.Distinct().Count());
        Assert.EndsWith("still compiling", warmUp.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_warm_up_runs_nothing()
    {
        var warmUp = await Phase.WarmUpAsync("test", 0, 4, Operation, () => throw new InvalidOperationException("nothing to count"));

        Assert.Equal(0, warmUp.Rounds);
        Assert.Empty(_operations);
    }
}
