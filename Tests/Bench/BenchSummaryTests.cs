using System.Text.Json;
using ObjectStore.Bench;

namespace ObjectStore.Tests.Bench;

/// <summary>
/// The bench's command line and the summary it writes: the lead reruns it with the defaults and reads the JSON and the
/// Markdown table, so both keep the issue's workloads and fields. No timing: the figures here are made up.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class BenchSummaryTests
{
    private static readonly string[] Workloads = ["W1", "W2", "W3", "R1", "R2", "F1", "F2", "H1", "M1"];

    [Fact]
    public void Defaults_are_the_issues_workloads()
    {
        var options = BenchOptions.Parse([]);

        Assert.Equal((64, 32, 1024, 1000, 16), (options.Partitions, options.Writers, options.PayloadBytes, options.FeedRate, options.FeedPartitions));
        Assert.False(options.AlsoFsyncOff);
        Assert.Null(options.JsonPath);
        Assert.Equal(6, options.Rounds);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("50", 50)]
    public void Rounds_run_from_one_to_fifty(string rounds, int expected) =>
        Assert.Equal(expected, BenchOptions.Parse(["--rounds", rounds]).Rounds);

    [Fact]
    public void The_usage_names_the_rounds_and_how_the_figure_is_taken_from_them()
    {
        Assert.Contains("--rounds <n>", BenchOptions.Usage, StringComparison.Ordinal);
        Assert.Contains("median round", BenchOptions.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_take_separate_and_inline_values()
    {
        var options = BenchOptions.Parse(["--also-fsync-off", "--json=out.json", "--markdown", "--creates", "10", "--updates=20"]);

        Assert.True(options.AlsoFsyncOff);
        Assert.True(options.Markdown);
        Assert.Equal(("out.json", 10, 20), (options.JsonPath, options.Creates, options.Updates));
    }

    [Theory]
    [InlineData("--also-fsync-off", "--connection", "Host=db.example")]
    [InlineData("--writers", "0")]
    [InlineData("--rounds", "0")]
    [InlineData("--rounds", "51")]
    [InlineData("--rounds=-1")]
    [InlineData("--json")]
    [InlineData("--json=")]
    [InlineData("--fsync-off")]
    public void A_command_line_the_bench_cannot_run_is_refused(params string[] args) =>
        Assert.Throws<UsageException>(() => BenchOptions.Parse(args));

    [Fact]
    public async Task The_summary_has_one_object_per_workload_with_the_figures_and_the_verdict()
    {
        var options = BenchOptions.Parse([]);
        var figures = Figures.Compare(Store(), Baseline(), options, "durable");
        using var json = new MemoryStream();
        await new Summary("2 cores", ["a server"], figures).WriteAsync(json);

        using var document = JsonDocument.Parse(json.ToArray());
        var workloads = document.RootElement.GetProperty("workloads").EnumerateArray().ToDictionary(workload => workload.GetProperty("workload").GetString()!);
        Assert.Equal(Workloads, workloads.Keys);
        foreach (var workload in workloads.Values)
        {
            foreach (var field in new[] { "store", "baseline", "ratio", "p50_ms", "p99_ms", "unit", "target", "met", "postgres" })
            {
                Assert.True(workload.TryGetProperty(field, out _), $"{workload.GetProperty("workload")} lacks {field}");
            }
        }

        // W1's median round, at half its raw inserts, misses ≥ 1.0×; H1 is judged against that round's store rate.
        Assert.Equal((100.0, 200.0, 0.5, false), Values(workloads["W1"]));
        Assert.Equal([(150.0, 200.0, 0.75), (90.0, 300.0, 0.3), (100.0, 200.0, 0.5)], RoundsOf(workloads["W1"]));
        Assert.Equal([(50.0, 200.0, 0.25)], RoundsOf(workloads["W2"]));
        Assert.All(Workloads.Except(["W1", "W2"]), workload => Assert.False(workloads[workload].TryGetProperty("rounds", out _), $"{workload} has no rounds"));
        Assert.Equal((60.0, 100.0, 0.6, true), Values(workloads["H1"]));
        Assert.Equal(7, workloads["W3"].GetProperty("conflicts").GetInt64());
        Assert.True(workloads["F1"].GetProperty("met").GetBoolean(), "p50 4 ms and p99 40 ms from the commit meet p50 ≤ 5, p99 ≤ 50");
        Assert.Equal((90.0, 300.0), (workloads["F1"].GetProperty("sent_p50_ms").GetDouble(), workloads["F1"].GetProperty("sent_p99_ms").GetDouble()));
        Assert.False(workloads["W1"].TryGetProperty("sent_p50_ms", out _), "only F1 has latencies from the send");
        Assert.Equal((3, 0), (workloads["F1"].GetProperty("from_recorded_commit").GetInt32(), workloads["F1"].GetProperty("baseline_from_recorded_commit").GetInt32()));
        Assert.Equal(JsonValueKind.Null, workloads["M1"].GetProperty("baseline").ValueKind);
        Assert.Equal(256, workloads["M1"].GetProperty("store").GetDouble());
    }

    [Fact]
    public void The_markdown_table_has_a_row_per_workload()
    {
        var figures = Figures.Compare(Store(), Baseline(), BenchOptions.Parse([]), "durable");
        using var output = new StringWriter();

        Report.PrintMarkdown(output, "2 cores", figures);

        var rows = output.ToString().Split('\n').Where(line => line.StartsWith("| **", StringComparison.Ordinal)).ToList();
        Assert.Equal(Workloads, rows.Select(row => row[4..6]));
        Assert.Contains("| 0.50× | ≥ 1.0× | no |", rows[0], StringComparison.Ordinal);
        Assert.Contains("- W1 rounds (durable), store / baseline in the order run: 0.75, 0.30, 0.50×, median 0.50×", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_report_prints_every_rounds_ratio_and_the_median_it_judges()
    {
        var store = Store() with { W2 = new Rounds([Pair(130, 100), Pair(80, 100), Pair(120, 100), Pair(90, 100)]) };
        using var output = new StringWriter();

        Report.Print(output, "2 cores", [], Figures.Compare(store, Baseline(), BenchOptions.Parse([]), "durable"));

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Contains("W1 rounds (durable), store / baseline in the order run: 0.75, 0.30, 0.50×, median 0.50×", lines);
        Assert.Contains("W2 rounds (durable), store / baseline in the order run: 1.30, 0.80, 1.20, 0.90×, median (the lower of the middle two) 0.90×", lines);
    }

    private static (double Store, double Baseline, double Ratio, bool Met) Values(JsonElement workload) => (
        workload.GetProperty("store").GetDouble(), workload.GetProperty("baseline").GetDouble(),
        Math.Round(workload.GetProperty("ratio").GetDouble(), 6), workload.GetProperty("met").GetBoolean());

    private static (double Store, double Baseline, double Ratio)[] RoundsOf(JsonElement workload) =>
    [
        .. workload.GetProperty("rounds").EnumerateArray().Select(round =>
            (round.GetProperty("store").GetDouble(), round.GetProperty("baseline").GetDouble(), Math.Round(round.GetProperty("ratio").GetDouble(), 6))),
    ];

    private static PhaseResult PerSecond(int operations, double p50 = 1, double p99 = 2) => new(operations, TimeSpan.FromSeconds(1), p50, p99);

    private static Round Pair(int store, int baseline) => new(PerSecond(store), PerSecond(baseline));

    internal static StoreResults Store() => new(
        W1: new Rounds([Pair(150, 200), Pair(90, 300), Pair(100, 200)]), WorkingSetBytes: 256L * 1024 * 1024, R1: PerSecond(900), R2: PerSecond(1000),
        W2: new Rounds([Pair(50, 200)]), W3: PerSecond(80),
        W3Conflicts: 7, H1: PerSecond(60), Feed: new FeedResult(
            FromCommit: PerSecond(1000, p50: 4, p99: 40), FromSend: PerSecond(1000, p50: 90, p99: 300), FromRecordedCommit: 3, 500, TimeSpan.FromSeconds(1)));

    internal static BaselineResults Baseline() => new(
        Updates: PerSecond(300), Selects: PerSecond(400), Feed: new FeedResult(PerSecond(1000), PerSecond(1000), 0, 1000, TimeSpan.FromSeconds(1)));
}
