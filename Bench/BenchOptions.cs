using System.Globalization;
using Npgsql;

namespace ObjectStore.Bench;

/// <summary>The command line of the bench. Parsed by hand: a handful of options does not justify a package.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        Measures the object store on a durable PostgreSQL (fsync, synchronous_commit and full_page_writes on)
        against raw Npgsql on the same server, workload by workload: W1, W2 and W3 writes, R1 and R2 reads,
        F1 and F2 feeds, H1 writes over HTTP, and the silo's working set after W1 (M1).

        Usage: dotnet run -c Release --project Bench -- [options]

          --partitions <n>       partitions of W1, W3 and H1 (default 64)
          --writers <n>          concurrent writers and readers of every workload (default 32)
          --payload-bytes <n>    random bytes per object, Base64-encoded (default 1024, at most 524288)
          --creates <n>          measured creates of W1, W2 and H1, and raw inserts (default 2000)
          --rounds <n>           rounds of W1 and of W2 (default 6, 1 to 50): each store round of --creates
                                 is paired with a round of as many raw inserts run beside it while the silo
                                 stays up, in alternating order (store first, then baseline first, and so on),
                                 and the figure is the median round by store / baseline (for an even n the
                                 lower of the middle two); every round's ratio is printed. An even n has as
                                 many rounds of each order, which a round that slows the one after it needs
          --updates <n>          measured new versions of W3, and raw updates (default 2000)
          --reads <n>            measured reads of R1 and R2, and raw selects (default 20000)
          --warmup <n>           unmeasured operations before each phase (default 2000: with 200, half of W1's
                                 CPU was the JIT recompiling the write path, not the write path)
          --feed-partitions <n>  partitions the F1 and F2 feeds select (default 16)
          --feed-rate <n>        F1's writes per second (default 1000); F1's latencies run from the return of
                                 a write's COMMIT (the store's notice carries it) to the consumer's receipt,
                                 and, as a second pair, from just before the write is sent
          --feed-seconds <n>     seconds of F1's writes at that rate (default 3)
          --feed-backlog <n>     F2's objects written with no consumer, then drained (default 2000)
          --also-fsync-off       then the same again on a throwaway server with fsync off
          --json <path>          write the figures there as JSON, one object per workload
          --diagnose             also say what each store workload cost the server (of W1 and W2, their first
                                 store round): commits (writes per commit), statements and their time
                                 (pg_stat_statements, top 8), round trips per operation, and the store's
                                 batch sizes; adds about 25 s per workload, waiting for PostgreSQL to
                                 publish its counters
          --markdown             print the table as Markdown (as the README's Performance section shows it)
          --connection <string>  Npgsql connection string of an existing server; the bench creates two
                                 databases there and drops them at the end, and reports the server's own
                                 fsync settings. Without it, a throwaway PostgreSQL server is started
                                 (initdb and pg_ctl must be on the PATH).
          -h, --help             show this help
        """;

    // Base64 grows the payload by a third; this keeps an object well under the store's 1 MiB default limit.
    private const int MaxPayloadBytes = 512 * 1024;

    // Each round inserts --creates rows twice over; fifty rounds already take W1's tables to a hundred times its size.
    private const int MaxRounds = 50;

    public int Partitions { get; init; } = 64;

    public int Writers { get; init; } = 32;

    public int PayloadBytes { get; init; } = 1024;

    public int Creates { get; init; } = 2000;

    /// <summary>Pairs of a store round and a baseline round, for W1 and again for W2.</summary>
    public int Rounds { get; init; } = 6;

    public int Updates { get; init; } = 2000;

    public int Reads { get; init; } = 20000;

    public int Warmup { get; init; } = 2000;

    public int FeedPartitions { get; init; } = 16;

    public int FeedRate { get; init; } = 1000;

    public int FeedSeconds { get; init; } = 3;

    public int FeedBacklog { get; init; } = 2000;

    public bool AlsoFsyncOff { get; init; }

    public string? JsonPath { get; init; }

    public bool Markdown { get; init; }

    public bool Diagnose { get; init; }

    /// <summary>The measured messages of F1.</summary>
    public int FeedMessages => FeedRate * FeedSeconds;

    public string? Connection { get; init; }

    public bool Help { get; init; }

    /// <summary>Reads <paramref name="args"/>; throws <see cref="UsageException"/> saying what is wrong.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            string Value() => inlineValue
                ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"Option {name} needs a value."));

            options = name switch
            {
                "-h" or "--help" => options with { Help = true },
                "--partitions" => options with { Partitions = Count(name, Value(), 1, 100_000) },
                "--writers" => options with { Writers = Count(name, Value(), 1, 10_000) },
                "--payload-bytes" => options with { PayloadBytes = Count(name, Value(), 1, MaxPayloadBytes) },
                "--creates" => options with { Creates = Count(name, Value(), 1, 100_000_000) },
                "--rounds" => options with { Rounds = Count(name, Value(), 1, MaxRounds) },
                "--updates" => options with { Updates = Count(name, Value(), 1, 100_000_000) },
                "--reads" => options with { Reads = Count(name, Value(), 1, 100_000_000) },
                "--warmup" => options with { Warmup = Count(name, Value(), 0, 1_000_000) },
                "--feed-partitions" => options with { FeedPartitions = Count(name, Value(), 1, 100) },
                "--feed-rate" => options with { FeedRate = Count(name, Value(), 1, 100_000) },
                "--feed-seconds" => options with { FeedSeconds = Count(name, Value(), 1, 3600) },
                "--feed-backlog" => options with { FeedBacklog = Count(name, Value(), 1, 10_000_000) },
                "--also-fsync-off" => options with { AlsoFsyncOff = true },
                "--json" => options with { JsonPath = Path(name, Value()) },
                "--markdown" => options with { Markdown = true },
                "--diagnose" => options with { Diagnose = true },
                "--connection" => options with { Connection = ConnectionString(name, Value()) },
                _ => throw new UsageException($"Unknown option '{args[i]}'."),
            };
        }

        // The bench cannot turn fsync off on a server it did not start.
        return options is { AlsoFsyncOff: true, Connection: not null }
            ? throw new UsageException("Option --also-fsync-off starts a throwaway server; it cannot be combined with --connection.")
            : options;
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=');
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (arg[..equals], arg[(equals + 1)..])
            : (arg, null);
    }

    private static int Count(string name, string text, int minimum, int maximum) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw new UsageException($"Option {name} must be a whole number from {minimum} to {maximum}, was '{text}'.");

    private static string Path(string name, string text) =>
        string.IsNullOrWhiteSpace(text) ? throw new UsageException($"Option {name} needs a file path.") : text;

    private static string ConnectionString(string name, string text)
    {
        try
        {
            // Parsed now so that a typo is a usage error, not a failure after the cluster has started.
            _ = new NpgsqlConnectionStringBuilder(text);
            return text;
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"Option {name} is not a valid Npgsql connection string: {e.Message}");
        }
    }
}
