using System.Text.Json;
using ObjectStore.Objects;
using ObjectStore.Sequences;

namespace ObjectStore.Cli.Http;

/// <summary>A partition's log over HTTP (<c>/sequences/partitions/{hash}/log</c>): every committed write in commit order.</summary>
internal static class PartitionLog
{
    /// <summary>The entries after <paramref name="afterSequence"/> (all when null), page after page to the end.</summary>
    public static IAsyncEnumerable<JsonElement> EntriesAsync(StoreClient store, Hash partition, long? afterSequence, CancellationToken cancellationToken)
    {
        var path = $"sequences/partitions/{partition.ToUrlSafe()}/log";
        var start = afterSequence is { } sequence ? LogCursor.Of(sequence) : null;
        return Pages.ItemsAsync(store, cursor => Query.Path(path, ("after", cursor ?? start)), all: true, cancellationToken);
    }

    public static long Sequence(JsonElement entry) => entry.GetProperty("sequence").GetInt64();

    /// <summary>The version an entry wrote, or null once it was physically deleted or purged.</summary>
    public static JsonElement? Object(JsonElement entry) =>
        entry.TryGetProperty("object", out var stored) && stored.ValueKind == JsonValueKind.Object ? stored : null;
}
