using System.Globalization;

namespace ObjectStore.Bench;

/// <summary>The figures of a run, side by side: the store, the raw-Npgsql baseline, and their ratio.</summary>
public static class Report
{
    private const string Row = "{0,-14} {1,12} {2,15} {3,15} {4,10} {5,10} {6,13} {7,13}";

    public static void Print(TextWriter output, BenchOptions options, string server, WorkloadResult store, WorkloadResult baseline)
    {
        output.WriteLine();
        output.WriteLine(server);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Partitions} partitions, {options.Writers} concurrent writers/readers, {options.PayloadBytes}-byte payloads, {options.Creates} creates, {options.Reads} reads, {options.Warmup} warm-up operations per phase"));
        output.WriteLine();
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, Row,
            "operation", "store ops/s", "baseline ops/s", "store/baseline", "store p50", "store p99", "baseline p50", "baseline p99"));
        PrintRow(output, "create", store.Creates, baseline.Creates);
        PrintRow(output, "fetch-current", store.Reads, baseline.Reads);
        output.WriteLine();
        output.WriteLine("Latencies in milliseconds. Baseline: one INSERT per transaction, and SELECT by primary key, with raw Npgsql.");
    }

    private static void PrintRow(TextWriter output, string operation, PhaseResult store, PhaseResult baseline) =>
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, Row,
            operation,
            store.OperationsPerSecond.ToString("F0", CultureInfo.InvariantCulture),
            baseline.OperationsPerSecond.ToString("F0", CultureInfo.InvariantCulture),
            (store.OperationsPerSecond / baseline.OperationsPerSecond).ToString("F2", CultureInfo.InvariantCulture),
            store.P50Milliseconds.ToString("F2", CultureInfo.InvariantCulture),
            store.P99Milliseconds.ToString("F2", CultureInfo.InvariantCulture),
            baseline.P50Milliseconds.ToString("F2", CultureInfo.InvariantCulture),
            baseline.P99Milliseconds.ToString("F2", CultureInfo.InvariantCulture)));
}
