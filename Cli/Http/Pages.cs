using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ObjectStore.Cli.Http;

/// <summary>Walks the store's <c>{data, pagination:{cursors:{after}}}</c> pages: one, or all of them by their <c>after</c> cursors.</summary>
internal static class Pages
{
    /// <param name="pathOf">The path of a page, given the <c>after</c> cursor of the one before (null for the first).</param>
    public static async IAsyncEnumerable<JsonElement> ItemsAsync(
        StoreClient store, Func<string?, string> pathOf, bool all, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        do
        {
            var page = await store.GetJsonAsync(pathOf(after), cancellationToken);
            foreach (var item in page.GetProperty("data").EnumerateArray())
            {
                yield return item;
            }

            after = AfterCursor(page);
        }
        while (all && after is not null);
    }

    /// <summary>The cursor of the next page; absent on the last one.</summary>
    public static string? AfterCursor(JsonElement page) =>
        page.TryGetProperty("pagination", out var pagination) && pagination.TryGetProperty("cursors", out var cursors)
            && cursors.TryGetProperty("after", out var after) && after.ValueKind == JsonValueKind.String
            ? after.GetString()
            : null;
}
