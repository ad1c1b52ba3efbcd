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

        // W1 at half the raw inserts misses ≥ 1.0×; H1 is judged against W1's own rate.
        Assert.Equal((100.0, 200.0, 0.5, false), Values(workloads["W1"]));
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
    }

    private static (double Store, double Baseline, double Ratio, bool Met) Values(JsonElement workload) => (
        workload.GetProperty("store").GetDouble(), workload.GetProperty("baseline").GetDouble(),
        Math.Round(workload.GetProperty("ratio").GetDouble(), 6), workload.GetProperty("met").GetBoolean());

    private static PhaseResult PerSecond(int operations, double p50 = 1, double p99 = 2) => new(operations, TimeSpan.FromSeconds(1), p50, p99);

    internal static StoreResults Store() => new(
        W1: PerSecond(100), WorkingSetBytes: 256L * 1024 * 1024, R1: PerSecond(900), R2: PerSecond(1000), W2: PerSecond(50), W3: PerSecond(80),
        W3Conflicts: 7, H1: PerSecond(60), Feed: new FeedResult(
            FromCommit: PerSecond(1000, p50: 4, p99: 40), FromSend: PerSecond(1000, p50: 90, p99: 300), FromRecordedCommit: 3, 500, TimeSpan.FromSeconds(1)));

    internal static BaselineResults Baseline() => new(
        Inserts: PerSecond(200), Updates: PerSecond(300), Selects: PerSecond(400), Feed: new FeedResult(PerSecond(1000), PerSecond(1000), 0, 1000, TimeSpan.FromSeconds(1)));
}
