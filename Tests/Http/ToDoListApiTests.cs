using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// The Allegro ToDoList example over HTTP: every endpoint's success path with the example's own bodies, which the
/// store must take and answer byte for byte. MyCalendar of user 351775001412007 has one hash in every store, so only
/// this class uses it, in one test; the other tests work in partitions of their own.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class ToDoListApiTests(HttpSiloFixture fixture) : HttpApiTestBase(fixture)
{
    private const string MyCalendarHash = "j/vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAQ==";

    /// <summary>The user the example's FetchPartitionUsers grants READ and WRITE.</summary>
    private const long ExampleUser = 1234;

    private static readonly string MyCalendarPath = $"/object/v1/partitions/{Escape(MyCalendarHash)}";

    [Fact]
    public async Task The_example_creates_MyCalendar_and_its_items_then_lists_updates_and_deletes_them_with_the_published_bodies()
    {
        using var owner = Silo.As(Owner);

        await CreateMyCalendarAndGrantTheExampleUserAsync(owner);
        var first = await CreateItemAsync(owner, Example.Read("06-CreateAnItem-StoredApplicationObject.json"));
        var second = await CreateItemAsync(owner, Example.Read("11-FetchFeedItems-StoredApplicationObject.json"));
        await ListItemsAsync(owner, first, second);
        var firstUpdated = await UpdateItemAsync(owner, first);
        var secondUpdated = await UpdateItemAsync(owner, second);
        await DeleteLogicallyAsync(owner, first, firstUpdated, secondUpdated);
        await DeletePhysicallyAsync(owner, second, secondUpdated);
    }

    [Fact]
    public async Task A_transaction_of_two_items_in_two_partitions_commits_both_and_answers_them_as_stored_in_the_order_sent()
    {
        var calendar = await NewPartitionAsync();
        var other = await NewPartitionAsync();
        using var owner = Silo.As(Owner);
        JsonObject[] items = [NewObject(calendar, "2020-06-09T10:08:19.092Z", "first"), NewObject(other, "2020-06-09T11:46:04.460Z", "second")];
        var sent = items.Select(item => HashOf(item.ToJsonString())).ToList();

        using var response = await owner.PostAsync("/object/v1/objects/transaction", Json(new JsonArray([.. items]).ToJsonString()));

        var answered = JsonNode.Parse(await ReadOkAsync(response))!.AsArray().Select(item => CanonicalText(item!)).ToList();
        Assert.Equal(sent, answered.Select(HashOf));
        foreach (var (partition, stored) in new[] { calendar, other }.Zip(answered))
        {
            Assert.Equal(stored, await ReadAsync(owner, $"/object/v1/objects/{HashOf(stored).ToUrlSafe()}"));
            var page = await GetPageAsync(owner, $"/object/v1/partitions/{Escape(partition)}/page");
            Assert.Equal([stored], page.Data.Select(CanonicalText));
        }
    }

    /// <summary>CreateAPartition, then FetchPartitionUsers' grant: each upsert answers the Partition as the example printed it.</summary>
    private async Task CreateMyCalendarAndGrantTheExampleUserAsync(HttpClient owner)
    {
        var partition = Example.Read("04-CreateAPartition-Partition.json");
        var userPermissions = Example.Read("12-FetchPartitionUsers-UserPermissionsRequest.json");

        using var created = await owner.PostAsync("/object/v1/partitions/upsert", Json(UpsertPartitionBody("MyCalendar", Owner)));

        var answered = await ReadOkAsync(created);
        Assert.Equal(partition.Canonical, answered);
        Assert.Equal(MyCalendarHash, HashOf(JsonNode.Parse(answered)!["id"]!.ToJsonString()).Value);
        Assert.Equal(partition.Canonical, await ReadAsync(owner, MyCalendarPath));
        Assert.Equal(partition.Canonical, await ReadAsync(owner, $"/object/v1/partitions/{Hash.Parse(MyCalendarHash, "partitionHash").ToUrlSafe()}"));
        Assert.Empty((await GetPageAsync(owner, $"{MyCalendarPath}/users")).Data);

        // The second upsert is the same request again: it must change nothing.
        for (var upsert = 0; upsert < 2; upsert++)
        {
            using var granted = await owner.PostAsync("/object/v1/partitions/upsert",
                Json(UpsertPartitionBody("MyCalendar", Owner, (ExampleUser, ["READ", "WRITE"]))));

            Assert.Equal(partition.Canonical, await ReadOkAsync(granted));
            var users = await GetPageAsync(owner, $"{MyCalendarPath}/users");
            Assert.Equal([userPermissions.Canonical], users.Data.Select(CanonicalText));
            Assert.Null(users.After);
        }

        using var exampleUser = Silo.As(ExampleUser);
        Assert.Equal(partition.Canonical, await ReadAsync(exampleUser, MyCalendarPath));
    }

    /// <summary>CreateAnItem: the printed StoredApplicationObject PUT verbatim at the hash of its bytes and a newline.</summary>
    private async Task<Example> CreateItemAsync(HttpClient owner, Example item)
    {
        var objectPath = $"/object/v1/objects/{item.Hash.ToUrlSafe()}";

        using var created = await owner.PutAsync(objectPath, Json(item.Printed));

        Assert.Equal(item.Canonical, await ReadOkAsync(created));
        Assert.Equal(item.Canonical, await ReadAsync(owner, objectPath));
        Assert.Equal(item.Canonical, await ReadAsync(owner, $"/object/v1/objects/{Escape(item.Hash.Value)}"));
        Assert.Equal(item.Canonical, await ReadAsync(owner, $"{objectPath}?currentVersion=true"));

        using var again = await owner.PutAsync(objectPath, Json(item.Printed));

        Assert.Equal(item.Canonical, await ReadOkAsync(again));
        var versions = await GetPageAsync(owner, $"{objectPath}/versions");
        Assert.Equal([item.Canonical], versions.Data.Select(CanonicalText));
        return item;
    }

    /// <summary>ListItems: the partition's page in sort-key order, and each item by its sort key.</summary>
    private static async Task ListItemsAsync(HttpClient owner, Example first, Example second)
    {
        var page = await GetPageAsync(owner, $"{MyCalendarPath}/page");

        Assert.Equal([first.Canonical, second.Canonical], page.Data.Select(CanonicalText));
        Assert.Null(page.Before);
        Assert.Null(page.After);
        foreach (var item in new[] { first, second })
        {
            Assert.Equal(item.Canonical, await ReadAsync(owner, $"{MyCalendarPath}/{Uri.EscapeDataString(item.SortKey)}"));
        }
    }

    /// <summary>UpdateItems: a new version becomes current; the version it replaced stays readable by its absolute hash.</summary>
    private static async Task<string> UpdateItemAsync(HttpClient owner, Example item)
    {
        var next = NextVersion(item.Canonical, $"updated {item.SortKey}");

        var updated = await StoreAsync(owner, next);

        Assert.Equal(HashOf(next.ToJsonString()), HashOf(updated));
        Assert.Equal(updated, await ReadAsync(owner, $"/object/v1/objects/{item.Hash.ToUrlSafe()}?currentVersion=true"));
        Assert.Equal(updated, await ReadAsync(owner, $"/object/v1/objects/{HashOf(updated).ToUrlSafe()}"));
        Assert.Equal(item.Canonical, await ReadAsync(owner, $"/object/v1/objects/{item.Hash.ToUrlSafe()}"));
        Assert.Equal(updated, await ReadAsync(owner, $"{MyCalendarPath}/{Uri.EscapeDataString(item.SortKey)}"));
        return updated;
    }

    /// <summary>DeleteFirstItem: a tombstone ends the series, which leaves the page but keeps its history.</summary>
    private static async Task DeleteLogicallyAsync(HttpClient owner, Example first, string firstUpdated, string secondUpdated)
    {
        var tombstone = await StoreAsync(owner, Deletion(firstUpdated));

        using var current = await owner.GetAsync($"/object/v1/objects/{first.Hash.ToUrlSafe()}?currentVersion=true");
        await ReadProblemAsync(current, HttpStatusCode.Gone, "deleted");
        using var bySortKey = await owner.GetAsync($"{MyCalendarPath}/{Uri.EscapeDataString(first.SortKey)}");
        await ReadProblemAsync(bySortKey, HttpStatusCode.NotFound, "not-found");
        var page = await GetPageAsync(owner, $"{MyCalendarPath}/page");
        Assert.Equal([secondUpdated], page.Data.Select(CanonicalText));
        var versions = await GetPageAsync(owner, $"/object/v1/objects/{first.Hash.ToUrlSafe()}/versions");
        Assert.Equal([first.Canonical, firstUpdated, tombstone], versions.Data.Select(CanonicalText));
        Assert.Equal(first.Canonical, await ReadAsync(owner, $"/object/v1/objects/{first.Hash.ToUrlSafe()}"));
    }

    /// <summary>A physical delete removes every version of the series: nothing of it can be read any more.</summary>
    private static async Task DeletePhysicallyAsync(HttpClient owner, Example second, string secondUpdated)
    {
        var deletion = Deletion(secondUpdated, "PHYSICAL");

        using var deleted = await PutAsync(owner, deletion);

        Assert.Equal(HashOf(deletion.ToJsonString()), HashOf(await ReadOkAsync(deleted)));
        foreach (var path in new[]
        {
            $"/object/v1/objects/{second.Hash.ToUrlSafe()}",
            $"/object/v1/objects/{HashOf(secondUpdated).ToUrlSafe()}",
            $"/object/v1/objects/{second.Hash.ToUrlSafe()}?currentVersion=true",
            $"/object/v1/objects/{second.Hash.ToUrlSafe()}/versions",
            $"{MyCalendarPath}/{Uri.EscapeDataString(second.SortKey)}",
        })
        {
            using var gone = await owner.GetAsync(path);
            await ReadProblemAsync(gone, HttpStatusCode.NotFound, "not-found");
        }

        Assert.Empty((await GetPageAsync(owner, $"{MyCalendarPath}/page")).Data);
    }

    private static async Task<string> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await ReadOkAsync(response);
    }

    /// <summary>Asserts a 200 JSON answer and returns its body.</summary>
    private static async Task<string> ReadOkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return text;
    }

    /// <summary>
    /// A body as the example printed it (no trailing newline), and the canonical form the store hashes and answers: the
    /// printed bytes and a newline. The hash is computed here from those bytes, not by the store's serializer.
    /// </summary>
    private sealed record Example(string Printed)
    {
        public string Canonical => Printed + "\n";

        public Hash Hash => Hash.FromDigest(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)));

        public string SortKey => JsonNode.Parse(Printed)!["sortKey"]!.GetValue<string>();

        public static Example Read(string file) => new(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ToDoList", file)));
    }
}
