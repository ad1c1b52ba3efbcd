using ObjectStore.Bench;

namespace ObjectStore.Tests.Bench;

/// <summary>
/// W1's and W2's rounds: each store round paired with a baseline round beside it, in ABBA order so that the machine's
/// drift weighs on both, and the figure taken from the median round by ratio. The rates here are made up.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class BenchRoundsTests
{
    private readonly List<string> _calls = [];

    [Fact]
    public async Task Pairs_alternate_their_order_store_first_then_baseline_first()
    {
        await Rounds.AlternateAsync(4, round => Call("store", round, 100), round => Call("baseline", round, 100));

        Assert.Equal(["store 0", "baseline 0", "baseline 1", "store 1", "store 2", "baseline 2", "baseline 3", "store 3"], _calls);
    }

    [Fact]
    public async Task Each_round_is_its_store_rate_over_its_own_baseline_and_the_figure_is_the_median_round()
    {
        // Ratios 1.10, 0.90, 1.00: the median is the third round, with its own store and baseline.
        double[] stores = [110, 90, 150];
        double[] baselines = [100, 100, 150];

        var rounds = await Rounds.AlternateAsync(3, round => Call("store", round, stores[round]), round => Call("baseline", round, baselines[round]));

        Assert.Equal([1.1, 0.9, 1.0], rounds.All.Select(round => Math.Round(round.Ratio, 6)));
        Assert.Same(rounds.All[2], rounds.Median);
        Assert.Equal((150.0, 150.0), (rounds.Median.StoreRate, rounds.Median.BaselineRate));
    }

    [Fact]
    public async Task With_an_even_count_the_median_is_the_lower_of_the_middle_two()
    {
        // Ratios 1.3, 0.8, 1.2, 0.9: the middle two are 0.9 and 1.2, and the verdict rests on the lower.
        double[] stores = [130, 80, 120, 90];

        var rounds = await Rounds.AlternateAsync(4, round => Call("store", round, stores[round]), round => Call("baseline", round, 100));

        Assert.Same(rounds.All[3], rounds.Median);
        Assert.Equal(0.9, rounds.Median.Ratio, 6);
    }

    [Fact]
    public async Task What_is_judged_against_the_store_itself_takes_its_median_rate_and_for_an_even_count_the_higher()
    {
        // Ratios 0.65, 1.6, 0.6, 0.9: the median round by ratio is the first, at 130/s. H1, judged against W1's rate, takes
        // 120/s instead, the higher of the middle store rates 90 and 120, whichever round the ratios pick.
        double[] stores = [130, 80, 120, 90];
        double[] baselines = [200, 50, 200, 100];

        var rounds = await Rounds.AlternateAsync(4, round => Call("store", round, stores[round]), round => Call("baseline", round, baselines[round]));

        Assert.Equal(130, rounds.Median.StoreRate, 6);
        Assert.Equal(120, rounds.MedianStore.OperationsPerSecond, 6);
    }

    [Fact]
    public async Task One_round_is_its_own_median()
    {
        var rounds = await Rounds.AlternateAsync(1, round => Call("store", round, 50), round => Call("baseline", round, 100));

        Assert.Equal(["store 0", "baseline 0"], _calls);
        Assert.Equal(0.5, Assert.Single(rounds.All).Ratio, 6);
        Assert.Same(rounds.All[0], rounds.Median);
    }

    private Task<PhaseResult> Call(string side, int round, double perSecond)
    {
        _calls.Add($"{side} {round}");
        return Task.FromResult(new PhaseResult((int)perSecond, TimeSpan.FromSeconds(1), 1, 2));
    }
}
