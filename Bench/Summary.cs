using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectStore.Bench;

/// <summary>
/// What <c>--json</c> writes: the machine, and one object per workload and server with <c>store</c>, <c>baseline</c>,
/// <c>ratio</c>, <c>p50_ms</c> and <c>p99_ms</c> (null where a workload has none), its unit, target and whether it is met;
/// W1 and W2 add <c>rounds</c>, each round's <c>store</c>, <c>baseline</c> and <c>ratio</c>, the figure being the median's;
/// F1 adds <c>sent_p50_ms</c> and <c>sent_p99_ms</c> (and the baseline's), its latencies from just before each write is sent.
/// </summary>
public sealed record Summary(
    [property: JsonPropertyName("machine")] string Machine,
    [property: JsonPropertyName("servers")] IReadOnlyList<string> Servers,
    [property: JsonPropertyName("workloads")] IReadOnlyList<Figure> Workloads)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        // The targets' ≥ and × as they are, not escaped: the file is read by people as well as by scripts.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task WriteAsync(Stream output, CancellationToken cancellationToken = default) =>
        await JsonSerializer.SerializeAsync(output, this, Json, cancellationToken);
}
