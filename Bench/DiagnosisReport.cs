using System.Globalization;

namespace ObjectStore.Bench;

/// <summary>The diagnoses beside the figures: one line per workload, then each workload's costliest statements.</summary>
public static class DiagnosisReport
{
    private const string Row = "{0,-3} {1,-10} {2,7} {3,8} {4,10} {5,8} {6,10} {7,12} {8,9} {9,9} {10,10} {11,8} {12,12} {13,8} {14,8} {15,9} {16,9} {17,9}";
    private const string StatementRow = "    {0,9} {1,10} {2,8} {3,6}  {4}";

    /// <summary>Each figure with its workload's diagnosis, where there is one.</summary>
    public static IEnumerable<Figure> Attach(IEnumerable<Figure> figures, IReadOnlyDictionary<string, Diagnosis> diagnoses) =>
        figures.Select(figure => diagnoses.TryGetValue(figure.Workload, out var diagnosis) ? figure with { Diagnosis = diagnosis } : figure);

    /// <summary>Prints nothing when no figure has a diagnosis (the bench ran without --diagnose).</summary>
    public static void Print(TextWriter output, IReadOnlyList<Figure> figures)
    {
        var diagnosed = figures.Where(figure => figure.Diagnosis is not null).ToList();
        if (diagnosed.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Diagnosis: what each store workload cost the server (pg_stat_database, pg_stat_statements) and the process (Npgsql, ObjectStore and ObjectStore.Writes meters); W1 and W2: their first round");
        output.WriteLine(Text(Row, "", "postgres", "ops", "commits", "ops/commit", "COMMITs", "ops/COMMIT", "stmts/commit", "db ms/op", "trips/op",
            "cpu ms/op", "batches", "writes/batch", "largest", "gathers", "timed out", "commit ms", "in commit"));
        foreach (var figure in diagnosed)
        {
            var d = figure.Diagnosis!;
            output.WriteLine(Text(Row, figure.Workload, figure.Postgres, d.Operations, d.Commits, Number(d.OperationsPerCommit), d.ExplicitCommits,
                Number(d.OperationsPerExplicitCommit), Number(d.StatementsPerCommit), Number(d.StatementMillisecondsPerOperation), Number(d.RoundTripsPerOperation),
                Number(d.ProcessorMillisecondsPerOperation), d.Batches, Number(d.WritesPerBatch), d.LargestBatch, d.Gathers, d.GatherTimeouts,
                Number(d.CommitMilliseconds), d.InCommit?.ToString("P0", CultureInfo.InvariantCulture) ?? ""));
        }

        foreach (var figure in diagnosed.Where(figure => figure.Diagnosis!.TopStatements is { Count: > 0 }))
        {
            var statements = figure.Diagnosis!.TopStatements!;
            var total = statements.Sum(statement => statement.TotalMilliseconds);
            output.WriteLine();
            output.WriteLine($"{figure.Workload} ({figure.Postgres}), statements by total server time:");
            output.WriteLine(Text(StatementRow, "calls", "total ms", "mean ms", "share", "query"));
            foreach (var statement in statements)
            {
                output.WriteLine(Text(StatementRow, statement.Calls, Number(statement.TotalMilliseconds), Number(statement.MeanMilliseconds, "0.000"),
                    total > 0 ? (statement.TotalMilliseconds / total).ToString("P0", CultureInfo.InvariantCulture) : "", statement.Query));
            }
        }

        output.WriteLine("commits: xact_commit, statements outside a transaction included (Npgsql's reset of a reused pooled connection); COMMITs: the store's");
        output.WriteLine("transactions. db ms: server execution time, which leaves out the commit's WAL flush. cpu ms: the process hosting silo and workload.");
        output.WriteLine("commit ms: the store's transactions of writes, start to the commit's return; in commit: their time over the phase's wall clock.");
        output.WriteLine("Share: of the listed statements' time. Counts include the silo's background work in the store database.");
    }

    private static string Text(string format, params object?[] values) => string.Format(CultureInfo.InvariantCulture, format, values);

    private static string Number(double? value, string format = "0.00") => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";
}
