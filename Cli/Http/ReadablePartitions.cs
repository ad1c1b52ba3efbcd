using System.Text.Json;
using ObjectStore.Objects;

namespace ObjectStore.Cli.Http;

/// <summary>The partitions the caller owns or may read (<c>/sequences/partitions</c>), in hash order, page after page to the end.</summary>
internal static class ReadablePartitions
{
    public static IAsyncEnumerable<JsonElement> AllAsync(StoreClient store, CancellationToken cancellationToken) =>
        Pages.ItemsAsync(store, after => Query.Path("sequences/partitions", ("after", after)), all: true, cancellationToken);

    public static Hash HashOf(JsonElement partition) => Hash.Parse(partition.GetProperty("partitionHash").GetString(), "partitionHash");
}
