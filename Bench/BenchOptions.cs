using System.Globalization;
using Npgsql;

namespace ObjectStore.Bench;

/// <summary>The command line of the bench. Parsed by hand: a handful of options does not justify a package.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        Measures the object store on PostgreSQL against raw Npgsql on the same server.

        Usage: dotnet run -c Release --project Bench -- [options]

          --partitions <n>       partitions written to (default 8)
          --writers <n>          concurrent writers, and readers (default 16)
          --payload-bytes <n>    random bytes per object, Base64-encoded (default 1024, at most 524288)
          --creates <n>          measured creates, and Condensation puts (default 5000)
          --reads <n>            measured fetch-current reads, and Condensation gets (default 20000)
          --warmup <n>           unmeasured operations before each phase (default 200)
          --feed-partitions <n>  partitions the feed selects (default 4)
          --feed-rate <n>        writes per second while the feed is consumed (default 200)
          --feed-seconds <n>     seconds of writes at that rate (default 5)
          --feed-backlog <n>     objects written with no consumer, then drained (default 2000)
          --connection <string>  Npgsql connection string of an existing server; the bench creates two
                                 databases there and drops them at the end. Without it, a throwaway
                                 PostgreSQL server is started (initdb and pg_ctl must be on the PATH).
          -h, --help             show this help
        """;

    // Base64 grows the payload by a third; this keeps an object well under the store's 1 MiB default limit.
    private const int MaxPayloadBytes = 512 * 1024;

    public int Partitions { get; init; } = 8;

    public int Writers { get; init; } = 16;

    public int PayloadBytes { get; init; } = 1024;

    public int Creates { get; init; } = 5000;

    public int Reads { get; init; } = 20000;

    public int Warmup { get; init; } = 200;

    public int FeedPartitions { get; init; } = 4;

    public int FeedRate { get; init; } = 200;

    public int FeedSeconds { get; init; } = 5;

    public int FeedBacklog { get; init; } = 2000;

    /// <summary>The measured messages of the steady-rate feed phase.</summary>
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
                "--reads" => options with { Reads = Count(name, Value(), 1, 100_000_000) },
                "--warmup" => options with { Warmup = Count(name, Value(), 0, 1_000_000) },
                "--feed-partitions" => options with { FeedPartitions = Count(name, Value(), 1, 100) },
                "--feed-rate" => options with { FeedRate = Count(name, Value(), 1, 100_000) },
                "--feed-seconds" => options with { FeedSeconds = Count(name, Value(), 1, 3600) },
                "--feed-backlog" => options with { FeedBacklog = Count(name, Value(), 1, 10_000_000) },
                "--connection" => options with { Connection = ConnectionString(name, Value()) },
                _ => throw new UsageException($"Unknown option '{args[i]}'."),
            };
        }

        return options;
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
