using System.Globalization;

namespace ObjectStore.Bench;

/// <summary>
/// The figures side by side, as a plain table for a terminal or as Markdown for the README's Performance section, so
/// that the README's table is regenerated rather than retyped.
/// </summary>
public static class Report
{
    private const string Row = "{0,-3} {1,-10} {2,12} {3,12} {4,7} {5,9} {6,9} {7,9} {8,9}  {9,-5} {10}";

    public static void Print(TextWriter output, string machine, IReadOnlyList<ServerDescription> servers, IReadOnlyList<Figure> figures)
    {
        output.WriteLine();
        output.WriteLine(machine);
        foreach (var server in servers)
        {
            output.WriteLine(server.Text);
        }

        output.WriteLine();
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, Row,
            "", "postgres", "store", "baseline", "ratio", "p50 ms", "p99 ms", "base p50", "base p99", "met", "target"));
        foreach (var figure in figures)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, Row,
                figure.Workload, figure.Postgres, Value(figure.Store, figure.Unit), Value(figure.Baseline, figure.Unit), Ratio(figure.Ratio),
                Milliseconds(figure.P50Milliseconds), Milliseconds(figure.P99Milliseconds),
                Milliseconds(figure.BaselineP50Milliseconds), Milliseconds(figure.BaselineP99Milliseconds), Met(figure.Met), figure.Target ?? ""));
        }

        output.WriteLine();
        foreach (var figure in figures.Where(figure => figure.Rounds is not null))
        {
            output.WriteLine(Rounds(figure));
        }

        foreach (var figure in figures.DistinctBy(figure => figure.Workload))
        {
            output.WriteLine($"{figure.Workload}: {figure.Description}{Conflicts(figure)}{(figure.BaselineDescription is { } baseline ? $"; baseline: {baseline}" : "")}");
        }

        output.WriteLine("Latencies per operation; for F1 per message, from the return of its write's COMMIT (the store's notice says when;");
        output.WriteLine("the baseline's writer sees it) to its receipt by the consumer.");
        foreach (var figure in figures.Where(figure => figure.SentP50Milliseconds is not null))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{figure.Workload} from just before the write is sent: p50 {Milliseconds(figure.SentP50Milliseconds)} ms, p99 {Milliseconds(figure.SentP99Milliseconds)} ms; baseline p50 {Milliseconds(figure.BaselineSentP50Milliseconds)} ms, p99 {Milliseconds(figure.BaselineSentP99Milliseconds)} ms"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{figure.Workload} messages timed from the commit time written before COMMIT (no notice said when it returned): {figure.FromRecordedCommit}; baseline {figure.BaselineFromRecordedCommit}"));
        }
    }

    public static void PrintMarkdown(TextWriter output, string machine, IReadOnlyList<Figure> figures)
    {
        output.WriteLine($"Machine: {machine}.");
        output.WriteLine();
        output.WriteLine("| workload | PostgreSQL | store | p50 / p99 ms | baseline | ratio | target | met |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var figure in figures)
        {
            var latencies = figure.P50Milliseconds is null ? "" : $"{Milliseconds(figure.P50Milliseconds)} / {Milliseconds(figure.P99Milliseconds)}{FromSend(figure)}";
            var baseline = figure.Baseline is null ? "" : $"{Value(figure.Baseline, figure.Unit)} {figure.BaselineDescription}";
            output.WriteLine($"| **{figure.Workload}** {figure.Description} | {figure.Postgres} | {Value(figure.Store, figure.Unit)}{Conflicts(figure)} | {latencies} | {baseline} | {Ratio(figure.Ratio)} | {figure.Target} | {Met(figure.Met)} |");
        }

        output.WriteLine();
        foreach (var figure in figures.Where(figure => figure.Rounds is not null))
        {
            output.WriteLine($"- {Rounds(figure)}");
        }
    }

    /// <summary>Each round's store / baseline in the order run, then the median's, which the figure and its verdict are.</summary>
    private static string Rounds(Figure figure)
    {
        var rounds = figure.Rounds!;
        var ratios = string.Join(", ", rounds.Select(round => round.Ratio.ToString("0.00", CultureInfo.InvariantCulture)));
        var median = rounds.Count % 2 == 0 ? "median (the lower of the middle two)" : "median";
        return $"{figure.Workload} rounds ({figure.Postgres}), store / baseline in the order run: {ratios}×, {median} {Ratio(figure.Ratio)}";
    }

    /// <summary>F1's second pair of latencies, from just before the write is sent, beside those from its commit.</summary>
    private static string FromSend(Figure figure) => figure.SentP50Milliseconds is null ? ""
        : $" (from send: {Milliseconds(figure.SentP50Milliseconds)} / {Milliseconds(figure.SentP99Milliseconds)})";

    private static string Value(double? value, string unit) => value switch
    {
        null => "",
        _ when unit == "MiB" => string.Create(CultureInfo.InvariantCulture, $"{value:N0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{value:N0}/s"),
    };

    private static string Ratio(double? ratio) => ratio is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}×");

    private static string Milliseconds(double? milliseconds) => milliseconds is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.00}");

    private static string Met(bool? met) => met switch { true => "yes", false => "no", null => "" };

    private static string Conflicts(Figure figure) => figure.Conflicts is { } conflicts ? string.Create(CultureInfo.InvariantCulture, $", {conflicts:N0} conflicts") : "";
}
