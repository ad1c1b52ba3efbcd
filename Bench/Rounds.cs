namespace ObjectStore.Bench;

/// <summary>
/// A workload measured in rounds, each against a baseline round run right beside it, in alternating order (ABBA: store
/// then baseline, baseline then store, and so on), so that a load that rises or falls across the rounds weighs on the
/// store and the baseline alike. The machine's drift moves both rates of a round together; their ratio keeps little of it.
/// </summary>
public sealed class Rounds
{
    /// <param name="all">The rounds in the order run; at least one.</param>
    public Rounds(IReadOnlyList<Round> all)
    {
        ArgumentOutOfRangeException.ThrowIfZero(all.Count);
        All = all;
        // The lower middle for an even count: a verdict never rests on the better of two rounds.
        Median = all.OrderBy(round => round.Ratio).ElementAt((all.Count - 1) / 2);
    }

    /// <summary>Every round, in the order run.</summary>
    public IReadOnlyList<Round> All { get; }

    /// <summary>The median round by ratio; for an even count, the lower of the middle two.</summary>
    public Round Median { get; }

    /// <summary>
    /// The store's median rate, for what is judged against the store itself (H1 against W1): the round with the median store
    /// rate, and for an even count the higher of the middle two, so that such a verdict never rests on the slower of two.
    /// </summary>
    public PhaseResult MedianStore => All.OrderBy(round => round.StoreRate).ElementAt(All.Count / 2).Store;

    /// <param name="count">At least one.</param>
    /// <param name="store">Runs the store's round number <c>n</c> (0 to <paramref name="count"/> - 1).</param>
    /// <param name="baseline">Runs the baseline's round number <c>n</c>.</param>
    public static async Task<Rounds> AlternateAsync(int count, Func<int, Task<PhaseResult>> store, Func<int, Task<PhaseResult>> baseline)
    {
        var rounds = new List<Round>(count);
        for (var round = 0; round < count; round++)
        {
            if (round % 2 == 0)
            {
                var measured = await store(round);
                rounds.Add(new Round(measured, await baseline(round)));
            }
            else
            {
                var floor = await baseline(round);
                rounds.Add(new Round(await store(round), floor));
            }
        }

        return new Rounds(rounds);
    }
}
