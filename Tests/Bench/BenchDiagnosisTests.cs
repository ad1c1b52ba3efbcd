using System.Text.Json;
using ObjectStore.Bench;

namespace ObjectStore.Tests.Bench;

/// <summary>
/// What --diagnose derives from the server's and the process's counters, and where it shows them: the JSON summary
/// under each workload's <c>diagnosis</c> and a table after the figures. The counts here are made up.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class BenchDiagnosisTests
{
    [Fact]
    public void Diagnosis_is_off_unless_asked_for()
    {
        Assert.False(BenchOptions.Parse([]).Diagnose);
        Assert.True(BenchOptions.Parse(["--diagnose"]).Diagnose);
    }

    [Fact]
    public void Commits_statements_and_round_trips_are_per_operation_and_per_commit()
    {
        // 100 writes in 25 transactions of BEGIN, 2 batched statements and COMMIT; Npgsql sent one batch per transaction.
        var statements = new[]
        {
            StatementCost.Of("BEGIN", 25, 1, 0.04),
            StatementCost.Of("INSERT INTO objects VALUES ($1, $2)", 25, 50, 2),
            StatementCost.Of("INSERT INTO log VALUES ($1)", 25, 20, 0.8),
            StatementCost.Of("COMMIT", 25, 129, 5.16),
        };

        var diagnosis = Diagnosis.Of(100, 25, statements, new ClientCounts(Executions: 25, Batches: 25, BatchedWrites: 100, LargestBatch: 9, Gathers: 6, GatherTimeouts: 2,
            Commits: 25, CommitTime: TimeSpan.FromMilliseconds(150), ProcessorTime: TimeSpan.FromMilliseconds(150)), elapsed: TimeSpan.FromMilliseconds(200));

        Assert.Equal((4.0, 100L, 4.0, 2.0), (diagnosis.OperationsPerCommit, diagnosis.Statements, diagnosis.StatementsPerCommit, diagnosis.StatementMillisecondsPerOperation));
        Assert.Equal((25L, 4.0), (diagnosis.ExplicitCommits, diagnosis.OperationsPerExplicitCommit));
        Assert.Equal((0.5, 1.5), (diagnosis.RoundTripsPerOperation, diagnosis.ProcessorMillisecondsPerOperation));
        Assert.Equal((25L, 4.0, 9L), (diagnosis.Batches, diagnosis.WritesPerBatch, diagnosis.LargestBatch));
        Assert.Equal((6L, 2L), (diagnosis.Gathers, diagnosis.GatherTimeouts));
        // 25 commits of 6 ms each over a phase of 200 ms: the silo waited for the database three quarters of the time.
        Assert.Equal((6.0, 0.75), (diagnosis.CommitMilliseconds, diagnosis.InCommit));
        Assert.Equal(["COMMIT", "INSERT INTO objects VALUES ($1, $2)", "INSERT INTO log VALUES ($1)", "BEGIN"], diagnosis.TopStatements!.Select(statement => statement.Query));
    }

    [Fact]
    public void The_stores_transactions_are_its_own_count_where_pg_stat_statements_sees_no_prepared_COMMIT()
    {
        var statements = new[] { StatementCost.Of("INSERT INTO os_objects SELECT * FROM unnest($1::bytea[])", 10, 5, 0.5) };

        var diagnosis = Diagnosis.Of(300, 12, statements, new ClientCounts(Executions: 10, Batches: 10, BatchedWrites: 300, LargestBatch: 30, Gathers: 0, GatherTimeouts: 0,
            Commits: 10, CommitTime: TimeSpan.FromMilliseconds(60), ProcessorTime: TimeSpan.Zero), TimeSpan.FromMilliseconds(100));

        Assert.Equal((10L, 30.0), (diagnosis.ExplicitCommits, diagnosis.OperationsPerExplicitCommit));
    }

    [Fact]
    public void Only_the_costliest_statements_are_kept()
    {
        var statements = Enumerable.Range(1, 12).Select(i => StatementCost.Of($"SELECT {i}", 1, i, i)).ToList();

        var diagnosis = Diagnosis.Of(10, 10, statements, new ClientCounts(10, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero), TimeSpan.FromSeconds(1));

        Assert.Equal(Enumerable.Range(5, Diagnosis.TopCount).Reverse().Select(i => $"SELECT {i}"), diagnosis.TopStatements!.Select(statement => statement.Query));
        Assert.Equal(12, diagnosis.Statements);
        Assert.Null(diagnosis.WritesPerBatch);
        Assert.Null(diagnosis.CommitMilliseconds);
    }

    [Fact]
    public void Without_pg_stat_statements_the_commits_and_the_meters_still_count()
    {
        var diagnosis = Diagnosis.Of(100, 0, statements: null, new ClientCounts(Executions: 300, Batches: 0, BatchedWrites: 0, LargestBatch: 0, Gathers: 0, GatherTimeouts: 0,
            Commits: 0, CommitTime: TimeSpan.Zero, ProcessorTime: TimeSpan.Zero), TimeSpan.FromSeconds(1));

        Assert.Null(diagnosis.OperationsPerCommit);
        Assert.Null(diagnosis.Statements);
        Assert.Null(diagnosis.TopStatements);
        Assert.Null(diagnosis.ExplicitCommits);
        Assert.Equal(3.0, diagnosis.RoundTripsPerOperation);
    }

    [Fact]
    public void A_statement_is_one_line_cut_to_a_readable_length()
    {
        var statement = StatementCost.Of("SELECT a,\n       b\n  FROM t WHERE x = $1 " + new string('y', 200), 1, 1, 1);

        Assert.StartsWith("SELECT a, b FROM t WHERE x = $1 yyy", statement.Query, StringComparison.Ordinal);
        Assert.Equal(StatementCost.MaxQueryLength, statement.Query.Length);
        Assert.EndsWith("…", statement.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_carries_each_diagnosed_workloads_diagnosis_and_leaves_the_key_out_elsewhere()
    {
        var diagnosis = Diagnosis.Of(2000, 250, [StatementCost.Of("COMMIT", 250, 500, 2)], new ClientCounts(500, 250, 2000, 16, 0, 0, 250, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(1));
        var figures = DiagnosisReport.Attach(Figures.Compare(BenchSummaryTests.Store(), BenchSummaryTests.Baseline(), BenchOptions.Parse([]), "durable"),
            new Dictionary<string, Diagnosis> { ["W1"] = diagnosis }).ToList();
        using var json = new MemoryStream();
        await new Summary("2 cores", ["a server"], figures).WriteAsync(json);

        using var document = JsonDocument.Parse(json.ToArray());
        var workloads = document.RootElement.GetProperty("workloads").EnumerateArray().ToDictionary(workload => workload.GetProperty("workload").GetString()!);
        var w1 = workloads["W1"].GetProperty("diagnosis");
        Assert.Equal((250, 8.0, 0.375), (w1.GetProperty("commits").GetInt64(), w1.GetProperty("operations_per_commit").GetDouble(), w1.GetProperty("round_trips_per_operation").GetDouble()));
        Assert.Equal("COMMIT", w1.GetProperty("top_statements")[0].GetProperty("query").GetString());
        Assert.Equal((2.0, 0.5), (w1.GetProperty("commit_ms").GetDouble(), w1.GetProperty("in_commit").GetDouble()));
        Assert.False(workloads["W2"].TryGetProperty("diagnosis", out _));
    }

    [Fact]
    public void The_table_has_a_row_per_diagnosed_workload_and_is_absent_without_diagnose()
    {
        var figures = Figures.Compare(BenchSummaryTests.Store(), BenchSummaryTests.Baseline(), BenchOptions.Parse([]), "durable");
        using var without = new StringWriter();
        DiagnosisReport.Print(without, figures);
        Assert.Empty(without.ToString());

        var diagnosis = Diagnosis.Of(2000, 250, [StatementCost.Of("INSERT INTO objects VALUES ($1)", 2000, 900, 0.45)], new ClientCounts(500, 250, 2000, 16, 0, 0, 250, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(1));
        using var with = new StringWriter();
        DiagnosisReport.Print(with, [.. DiagnosisReport.Attach(figures, new Dictionary<string, Diagnosis> { ["W1"] = diagnosis, ["W2"] = diagnosis })]);

        var lines = with.ToString().Split('\n');
        Assert.Equal(["W1", "W2"], lines.Where(line => line.StartsWith('W')).Where(line => line.Contains("durable", StringComparison.Ordinal) && !line.Contains("statements", StringComparison.Ordinal)).Select(line => line[..2]));
        Assert.Contains(lines, line => line.Contains("INSERT INTO objects VALUES ($1)", StringComparison.Ordinal) && line.Contains("2000", StringComparison.Ordinal));
    }
}
