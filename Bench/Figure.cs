using System.Text.Json.Serialization;

namespace ObjectStore.Bench;

/// <summary>One workload's figures on one server: the store, its raw-Npgsql baseline, and the target between them.</summary>
/// <param name="Workload">W1, W2, W3, R1, R2, F1, F2, H1 or M1.</param>
/// <param name="Postgres">How the server commits: <c>durable</c>, <c>fsync-off</c>, or its settings.</param>
/// <param name="Store">The store's figure, in <paramref name="Unit"/>.</param>
/// <param name="Baseline">The baseline's figure in the same unit; null where there is none (M1).</param>
/// <param name="P50Milliseconds">
/// The store's median latency per operation (per message for F1, from its commit to its consumer); null where operations
/// have none (F2, M1).
/// </param>
/// <param name="Met">Whether the target is met; null without a target.</param>
/// <param name="Conflicts">Writes refused with version-conflict (W3).</param>
public sealed record Figure(
    [property: JsonPropertyName("workload")] string Workload,
    [property: JsonPropertyName("postgres")] string Postgres,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("store")] double Store,
    [property: JsonPropertyName("baseline_description")] string? BaselineDescription,
    [property: JsonPropertyName("baseline")] double? Baseline,
    [property: JsonPropertyName("p50_ms")] double? P50Milliseconds,
    [property: JsonPropertyName("p99_ms")] double? P99Milliseconds,
    [property: JsonPropertyName("baseline_p50_ms")] double? BaselineP50Milliseconds,
    [property: JsonPropertyName("baseline_p99_ms")] double? BaselineP99Milliseconds,
    [property: JsonPropertyName("target")] string? Target,
    [property: JsonPropertyName("met")] bool? Met,
    [property: JsonPropertyName("conflicts")] long? Conflicts)
{
    /// <summary>Store over baseline: above 1 the store does better, for every unit the bench reports a ratio of.</summary>
    [JsonPropertyName("ratio")]
    public double? Ratio => Baseline is > 0 ? Store / Baseline : null;

    /// <summary>F1's median latency from just before each write was sent (its wait for a commit included); null elsewhere.</summary>
    [JsonPropertyName("sent_p50_ms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SentP50Milliseconds { get; init; }

    [JsonPropertyName("sent_p99_ms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SentP99Milliseconds { get; init; }

    [JsonPropertyName("baseline_sent_p50_ms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BaselineSentP50Milliseconds { get; init; }

    [JsonPropertyName("baseline_sent_p99_ms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BaselineSentP99Milliseconds { get; init; }

    /// <summary>
    /// F1's messages whose commit's return was not seen (a feed read them from the log, not from a notice), timed from the
    /// commit time their transaction wrote before its COMMIT instead: an upper bound. Store, then baseline.
    /// </summary>
    [JsonPropertyName("from_recorded_commit")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? FromRecordedCommit { get; init; }

    [JsonPropertyName("baseline_from_recorded_commit")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BaselineFromRecordedCommit { get; init; }

    /// <summary>
    /// W1's and W2's rounds in the order run, each store rate with the baseline rate beside it; the figure is the median
    /// round's. Left out of the JSON for the workloads measured once.
    /// </summary>
    [JsonPropertyName("rounds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Round>? Rounds { get; init; }

    /// <summary>What the workload cost the server, under --diagnose; left out of the JSON otherwise.</summary>
    [JsonPropertyName("diagnosis")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Diagnosis? Diagnosis { get; init; }
}
