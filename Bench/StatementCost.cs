using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace ObjectStore.Bench;

/// <summary>One normalized statement as pg_stat_statements counted it during a workload.</summary>
/// <param name="Query">The normalized text (parameters as $1, $2), whitespace collapsed, cut at <see cref="MaxQueryLength"/>.</param>
public sealed partial record StatementCost(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("calls")] long Calls,
    [property: JsonPropertyName("total_ms")] double TotalMilliseconds,
    [property: JsonPropertyName("mean_ms")] double MeanMilliseconds)
{
    /// <summary>Enough to tell the store's statements apart in a terminal line; the full text is in the server.</summary>
    public const int MaxQueryLength = 100;

    /// <summary>The statement Npgsql sends to end a transaction: one round trip of its own.</summary>
    public bool IsCommit => Query.Equals("COMMIT", StringComparison.OrdinalIgnoreCase);

    public static StatementCost Of(string query, long calls, double totalMilliseconds, double meanMilliseconds)
    {
        var text = Whitespace().Replace(query, " ").Trim();
        return new StatementCost(text.Length <= MaxQueryLength ? text : string.Concat(text.AsSpan(0, MaxQueryLength - 1), "…"),
            calls, totalMilliseconds, meanMilliseconds);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
