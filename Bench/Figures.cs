using System.Globalization;

namespace ObjectStore.Bench;

/// <summary>The run's results as workloads, each with its baseline and target (issue 13, part 5).</summary>
public static class Figures
{
    private const string PerSecond = "ops/s";

    public static IReadOnlyList<Figure> Compare(StoreResults store, BaselineResults baseline, BenchOptions options, string postgres)
    {
        static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        Figure Rate(string workload, string description, PhaseResult measured, string baselineDescription, PhaseResult floor) =>
            new(workload, postgres, description, PerSecond, measured.OperationsPerSecond, baselineDescription, floor.OperationsPerSecond,
                measured.P50Milliseconds, measured.P99Milliseconds, floor.P50Milliseconds, floor.P99Milliseconds, Target: null, Met: null, Conflicts: null);

        var inserts = Text($"raw single-row INSERT transactions, {options.Writers} connections, beside each round");

        // W1 and W2 are their median round, store and baseline alike, so that store / baseline is the ratio they are judged on.
        Figure Median(string workload, string description, Rounds rounds) =>
            Rate(workload, description, rounds.Median.Store, inserts, rounds.Median.Baseline) with { Rounds = rounds.All };

        var selects = Text($"raw SELECT by primary key, {options.Writers} connections");
        return
        [
            Judge(Median("W1", Text($"creates, {options.Partitions} partitions, {options.Writers} writers, {options.PayloadBytes}-byte payloads, median of {options.Rounds} rounds"),
                store.W1), MinimumRatio(1.0)),
            Judge(Median("W2", Text($"creates, 1 partition, {options.Writers} writers, median of {options.Rounds} rounds"), store.W2), AtLeastBaselineAnd(5000)),
            Rate("W3", Text($"new versions of existing objects, {options.Writers} writers over {options.Partitions} partitions"),
                store.W3, Text($"raw single-row UPDATE transactions, {options.Writers} connections"), baseline.Updates) with { Conflicts = store.W3Conflicts },
            Judge(Rate("R1", "fetch-current, warm", store.R1, selects, baseline.Selects), MinimumRatio(2.0)),
            Judge(Rate("R2", "fetch by absolute hash, warm", store.R2, selects, baseline.Selects), MinimumRatio(2.0)),
            Judge(Rate("F1", Text($"feed, commit to consumer, {options.FeedRate} writes/s over {options.FeedPartitions} partitions (rate: delivered/s)"),
                store.Feed.FromCommit, "LISTEN/NOTIFY: INSERT and pg_notify in one transaction", baseline.Feed.FromCommit) with
            {
                SentP50Milliseconds = store.Feed.FromSend.P50Milliseconds,
                SentP99Milliseconds = store.Feed.FromSend.P99Milliseconds,
                BaselineSentP50Milliseconds = baseline.Feed.FromSend.P50Milliseconds,
                BaselineSentP99Milliseconds = baseline.Feed.FromSend.P99Milliseconds,
                FromRecordedCommit = store.Feed.FromRecordedCommit,
                BaselineFromRecordedCommit = baseline.Feed.FromRecordedCommit,
            }, Latencies(p50: 5, p99: 50)),
            Judge(new Figure("F2", postgres, Text($"feed backlog of {options.FeedBacklog} drained"), PerSecond, store.Feed.DrainedPerSecond,
                "queue table: DELETE ... RETURNING 10 rows at a time", baseline.Feed.DrainedPerSecond, null, null, null, null, null, null, null), MinimumRatio(0.5)),
            Judge(Rate("H1", "W1's creates over HTTP (Kestrel on loopback, keep-alive)", store.H1, "W1 in process (its rounds' median rate)", store.W1.MedianStore),
                MinimumRatio(0.5)),
            new Figure("M1", postgres, "working set of the process hosting the silo, after W1's first round", "MiB", store.WorkingSetBytes / (1024.0 * 1024.0),
                null, null, null, null, null, null, null, null, null),
        ];
    }

    private static Figure Judge(Figure figure, (string Text, Func<Figure, bool> IsMet) target) =>
        figure with { Target = target.Text, Met = target.IsMet(figure) };

    private static (string, Func<Figure, bool>) MinimumRatio(double minimum) =>
        (string.Create(CultureInfo.InvariantCulture, $"≥ {minimum:0.0}×"), figure => figure.Ratio >= minimum);

    /// <summary>At least the baseline, and above <paramref name="rate"/> wherever the baseline is.</summary>
    private static (string, Func<Figure, bool>) AtLeastBaselineAnd(double rate) =>
        (string.Create(CultureInfo.InvariantCulture, $"≥ 1.0×, > {rate:N0}/s where the baseline is"),
            figure => figure.Ratio >= 1.0 && (figure.Baseline <= rate || figure.Store > rate));

    private static (string, Func<Figure, bool>) Latencies(double p50, double p99) =>
        (string.Create(CultureInfo.InvariantCulture, $"p50 ≤ {p50} ms, p99 ≤ {p99} ms"),
            figure => figure.P50Milliseconds <= p50 && figure.P99Milliseconds <= p99);
}
