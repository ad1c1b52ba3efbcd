using System.Globalization;

namespace ObjectStore.Bench;

/// <summary>The figures of a run, side by side: the store, the raw-Npgsql baseline, and their ratio.</summary>
public static class Report
{
    private const string Row = "{0,-14} {1,12} {2,15} {3,15} {4,10} {5,10} {6,13} {7,13}";
    private const string FeedRow = "{0,-14} {1,12} {2,12} {3,15}";

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
        PrintRow(output, "cds-put", store.CondensationPuts, baseline.CondensationPuts);
        PrintRow(output, "cds-get", store.CondensationGets, baseline.CondensationGets);
        output.WriteLine();
        output.WriteLine("Latencies in milliseconds. Baseline: one INSERT per transaction, and SELECT by primary key, with raw Npgsql.");
        output.WriteLine("cds-put and cds-get: Condensation objects through the store's grain (hash check, form, links, the collector's shared lock) against a bare table by hash.");
        PrintFeed(output, options, store.Feed, baseline.Feed);
    }

    private static void PrintFeed(TextWriter output, BenchOptions options, FeedResult store, FeedResult baseline)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Feed: {options.FeedPartitions} partitions written at {options.FeedRate} writes/s for {options.FeedSeconds} s ({options.FeedMessages} messages), consumed by a FeedConsumer with {StoreFeedWorkload.InFlight} in flight; then a backlog of {options.FeedBacklog} drained"));
        output.WriteLine();
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, FeedRow, "feed", "store", "baseline", "store/baseline"));
        PrintFeedRow(output, "delivered/s", store.Steady.OperationsPerSecond, baseline.Steady.OperationsPerSecond, "F0");
        PrintFeedRow(output, "latency p50", store.Steady.P50Milliseconds, baseline.Steady.P50Milliseconds, "F2");
        PrintFeedRow(output, "latency p99", store.Steady.P99Milliseconds, baseline.Steady.P99Milliseconds, "F2");
        PrintFeedRow(output, "drained/s", store.DrainedPerSecond, baseline.DrainedPerSecond, "F0");
        output.WriteLine();
        output.WriteLine("Latency in milliseconds, per message, from just before its write is sent to its receipt by the consumer's handler.");
        output.WriteLine("Delivered/s: messages over the time from the first write sent to the last message received, at the rate above.");
        output.WriteLine("Baseline: INSERT and pg_notify in one transaction, received by a LISTEN connection; the backlog is a queue table");
        output.WriteLine("drained by DELETE ... RETURNING ten rows at a time on one connection (LISTEN/NOTIFY keeps nothing for a listener that is away).");
    }

    private static void PrintFeedRow(TextWriter output, string measure, double store, double baseline, string format) =>
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, FeedRow,
            measure,
            store.ToString(format, CultureInfo.InvariantCulture),
            baseline.ToString(format, CultureInfo.InvariantCulture),
            (store / baseline).ToString("F2", CultureInfo.InvariantCulture)));

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
