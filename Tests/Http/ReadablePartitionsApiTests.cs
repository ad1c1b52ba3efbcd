using System.Net;
using System.Text.Json.Nodes;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// <c>GET /sequences/partitions</c>: the partitions a user owns or holds READ on, and no other, paged in hash order by an
/// opaque cursor. The silo is shared, so each test lists for users of its own, whom no other test grants anything.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class ReadablePartitionsApiTests(HttpSiloFixture fixture) : HttpApiTestBase(fixture)
{
    private const string Path = "/object/v1/sequences/partitions";

    [Fact]
    public async Task A_user_sees_exactly_the_partitions_it_owns_or_was_granted_READ_on_page_by_page()
    {
        var (lister, other) = (TestUsers.Unique(), TestUsers.Unique());
        var owned = new[] { await UpsertAsync(lister, "own-1"), await UpsertAsync(lister, "own-2"), await UpsertAsync(lister, "own-3") };
        var read = await UpsertAsync(other, "read", (lister, ["READ"]));
        var readWrite = await UpsertAsync(other, "read-write", (lister, ["READ", "WRITE"]));
        await UpsertAsync(other, "write-only", (lister, ["WRITE"]));
        await UpsertAsync(other, "not-granted", (Reader, ["READ"]));
        var revoked = await UpsertAsync(other, "revoked", (lister, ["READ"]));
        await UpsertAsync(other, "revoked", (lister, []));
        using var client = Silo.As(lister);

        var listed = new List<JsonObject>();
        var pages = 0;
        string? after = null;
        do
        {
            var page = await GetPageAsync(client, after is null ? $"{Path}?limit=2" : $"{Path}?limit=2&after={Uri.EscapeDataString(after)}");
            Assert.True(page.Data.Count <= 2);
            listed.AddRange(page.Data);
            after = page.After;
            pages++;
        }
        while (after is not null);

        var hashes = listed.Select(partition => partition["partitionHash"]!.GetValue<string>()).ToList();
        Assert.Equal(3, pages);
        Assert.Equal(hashes.Select(ParseHash).Order(), hashes.Select(ParseHash));
        Assert.Equal(owned.Select(partition => partition.Hash).Append(read.Hash).Append(readWrite.Hash).Order(StringComparer.Ordinal), hashes.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(revoked.Hash, hashes);
        var byHash = listed.ToDictionary(partition => partition["partitionHash"]!.GetValue<string>());
        Assert.Equal(["READ", "WRITE"], Permissions(byHash[owned[0].Hash]));
        Assert.Equal(["READ"], Permissions(byHash[read.Hash]));
        Assert.Equal(["READ", "WRITE"], Permissions(byHash[readWrite.Hash]));
        Assert.Equal(read.Id, CanonicalText(byHash[read.Hash]["id"]!));
    }

    [Fact]
    public async Task The_answer_is_a_canonical_PageOfReadablePartition_and_empty_for_a_user_with_nothing_to_read()
    {
        var lister = TestUsers.Unique();
        await UpsertAsync(lister, "only");
        using var client = Silo.As(lister);
        using var nobody = Silo.As(TestUsers.Unique());

        using var response = await client.GetAsync(Path);
        var text = await response.Content.ReadAsStringAsync();
        var empty = await GetPageAsync(nobody, Path);

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var page = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(CanonicalText(page), text);
        Assert.Equal("PageOfReadablePartition", page["_type"]!.GetValue<string>());
        Assert.Single(page["data"]!.AsArray());
        Assert.Null(page["pagination"]!["cursors"]!["after"]);
        Assert.Empty(empty.Data);
        Assert.Null(empty.After);
    }

    [Theory]
    [InlineData("after=not-a-cursor", "'after'")]
    [InlineData("after=AAAA", "'after'")]
    [InlineData("limit=0", "limit")]
    public async Task A_bad_cursor_or_limit_is_a_400_that_names_it(string query, string mentions)
    {
        using var client = Silo.As(TestUsers.Unique());

        using var response = await client.GetAsync($"{Path}?{query}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid", mentions, query);
    }

    [Fact]
    public async Task Without_a_token_the_list_is_refused()
    {
        using var client = Silo.Anonymous();

        using var response = await client.GetAsync(Path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }


    /// <summary>Upserts the partition <paramref name="name"/> of <paramref name="owner"/>; returns its hash and canonical ID object.</summary>
    private async Task<(string Hash, string Id)> UpsertAsync(long owner, string name, params (long UserId, string[] Permissions)[] users)
    {
        using var client = Silo.As(owner);
        using var response = await client.PostAsync("/object/v1/partitions/upsert", Json(UpsertPartitionBody(name, owner, users)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var id = CanonicalText(JsonNode.Parse(text)!["id"]!);
        return (HashOf(id).Value, id);
    }

    private static string[] Permissions(JsonObject partition) => [.. partition["permissions"]!.AsArray().Select(permission => permission!.GetValue<string>())];

    private static Hash ParseHash(string hash) => Hash.Parse(hash, "partitionHash");
}
