using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// An object nested as deep as a PUT accepts is read back wherever it is wrapped in a larger response (a page, a list
/// of versions, a FeedObject, a dead letter): the stored bytes are spliced in, not parsed again under the parser's limit.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class DeepObjectApiTests(HttpSiloFixture fixture) : HttpApiTestBase(fixture)
{
    /// <summary>The deepest nesting the store parses; the object itself is the first level.</summary>
    private const int MaxDepth = 64;

    [Fact]
    public async Task An_object_as_deep_as_a_put_accepts_reads_back_through_its_page_versions_feed_and_dead_letters()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(Selection(partition));
        using var owner = Silo.As(Owner);
        using var tooDeep = await owner.PutAsync($"/object/v1/objects/{Escape(partition)}", Json(DeepObject(partition, MaxDepth + 1)));
        await AssertProblemAsync(tooDeep, HttpStatusCode.BadRequest, "invalid", "depth", "an object one level deeper than the limit");

        using var put = await PutAsync(owner, DeepObject(partition, MaxDepth));
        var stored = await put.Content.ReadAsStringAsync();
        Assert.True(put.StatusCode == HttpStatusCode.OK, $"PUT answered {(int)put.StatusCode}: {stored}");
        var baseHash = HashOf(stored).ToUrlSafe();

        AssertCarries(await GetOkAsync(owner, $"/object/v1/partitions/{Escape(partition)}/page"), page => page.GetProperty("data")[0], stored);
        AssertCarries(await GetOkAsync(owner, $"/object/v1/objects/{baseHash}/versions"), page => page.GetProperty("data")[0], stored);
        var handle = await FetchOneAsync(owner, feed, FeedRequest(maxItems: 1), stored);
        for (var attempt = 1; attempt < new FeedOptions().MaxAttempts; attempt++)
        {
            handle = await FetchOneAsync(owner, feed, FeedRequest(waitTimeSeconds: 0, visibleAgain: [handle]), stored);
        }

        Assert.Equal("[]\n", await PostOkAsync(owner, feed, FeedRequest(waitTimeSeconds: 0, visibleAgain: [handle])));
        AssertCarries(await GetOkAsync(owner, $"/object/v1/feeds/{feed}/deadLetters"), deadLetters => deadLetters[0].GetProperty("payload"), stored);
    }

    /// <summary>A StoredApplicationObject whose header nests objects down to level <paramref name="depth"/>.</summary>
    private static string DeepObject(string partition, int depth)
    {
        var body = NewObject(partition, "deep");
        body["header"] = "HEADER";
        var wrappers = depth - 2;
        var header = string.Concat(Enumerable.Repeat("""{"n":""", wrappers)) + "{}" + new string('}', wrappers);
        return body.ToJsonString().Replace("\"HEADER\"", header, StringComparison.Ordinal);
    }

    /// <summary>Asserts that a response is canonical as a whole and holds, where <paramref name="select"/> points, the stored bytes.</summary>
    private static void AssertCarries(string response, Func<JsonElement, JsonElement> select, string stored)
    {
        using var document = JsonDocument.Parse(response, new JsonDocumentOptions { MaxDepth = 2 * MaxDepth });
        Assert.Equal(response, Encoding.UTF8.GetString(CanonicalJson.Serialize(document.RootElement)));
        Assert.Equal(stored, Encoding.UTF8.GetString(CanonicalJson.Serialize(select(document.RootElement))));
    }

    /// <summary>Fetches the one message the feed holds, checks that it carries the stored bytes, and returns its receipt handle.</summary>
    private static async Task<string> FetchOneAsync(HttpClient client, string feed, JsonObject request, string stored)
    {
        var response = await PostOkAsync(client, feed, request);
        AssertCarries(response, messages => messages[0].GetProperty("payload"), stored);
        using var document = JsonDocument.Parse(response, new JsonDocumentOptions { MaxDepth = 2 * MaxDepth });
        Assert.Equal(1, document.RootElement.GetArrayLength());
        return document.RootElement[0].GetProperty("receiptHandle").GetString()!;
    }

    private static async Task<string> PostOkAsync(HttpClient client, string feed, JsonObject request)
    {
        using var response = await client.PostAsync($"/object/v1/feeds/{feed}/objects", Json(request.ToJsonString()));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the fetch answered {(int)response.StatusCode}: {text}");
        return text;
    }

    private static async Task<string> GetOkAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return text;
    }
}
