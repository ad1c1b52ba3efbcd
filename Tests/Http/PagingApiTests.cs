using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// The paging parameters of /page, /versions and /users over HTTP: their limits, cursors that walk a list in either
/// direction without skipping or repeating an item, and the sort-key filters of a partition's page.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class PagingApiTests(HttpSiloFixture fixture) : HttpApiTestBase(fixture)
{
    private static readonly string[] Keys = [.. Enumerable.Range(0, 25).Select(i => $"k{i:D2}")];

    public static TheoryData<string> Lists => ["page", "versions", "users"];

    /// <summary>A list, a query it refuses, and the parameter the problem must name.</summary>
    public static TheoryData<string, string, string> InvalidQueries
    {
        get
        {
            var queries = new TheoryData<string, string, string>();
            foreach (var list in new[] { "page", "versions", "users" })
            {
                foreach (var limit in new[] { "0", "-1", "abc" })
                {
                    queries.Add(list, $"limit={limit}", "limit");
                }
            }

            queries.Add("versions", "after=abc", "after");
            queries.Add("versions", "after=-1", "after");
            queries.Add("users", "after=abc", "after");
            queries.Add("page", "sortKeyPrefix=k1&sortKeyMin=k10", "sortKeyPrefix");
            queries.Add("page", "sortKeyPrefix=k1&sortKeyMax=k19", "sortKeyPrefix");
            queries.Add("page", "scanForwards=maybe", "scanForwards");
            return queries;
        }
    }

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public async Task A_query_parameter_out_of_its_range_is_a_400_problem_that_names_it(string list, string query, string parameter)
    {
        var path = (await ListsOfTwoAsync())[list];
        using var reader = Silo.As(Reader);

        using var response = await reader.GetAsync($"{path}?{query}");

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest, "invalid");
        Assert.Contains(parameter, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_limit_of_one_answers_one_item_and_the_cursor_to_the_next(string list)
    {
        var path = (await ListsOfTwoAsync())[list];
        using var reader = Silo.As(Reader);

        var first = await GetPageAsync(reader, $"{path}?limit=1");
        Assert.NotNull(first.After);
        var second = await GetPageAsync(reader, $"{path}?limit=1&after={Uri.EscapeDataString(first.After)}");

        Assert.Single(first.Data);
        Assert.Single(second.Data);
        Assert.NotEqual(first.Data[0].ToJsonString(), second.Data[0].ToJsonString());
        Assert.Null(second.After);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_limit_of_a_hundred_answers_every_item_and_leaves_the_after_cursor_out(string list)
    {
        var path = (await ListsOfTwoAsync())[list];
        using var reader = Silo.As(Reader);

        using var response = await reader.GetAsync($"{path}?limit=100");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var page = JsonNode.Parse(text)!;
        Assert.Equal(2, page["data"]!.AsArray().Count);
        Assert.False(page["pagination"]!["cursors"]!.AsObject().ContainsKey("after"), text);
    }

    [Fact]
    public async Task A_page_holds_a_hundred_objects_at_most_whether_the_limit_is_a_hundred_more_or_not_given()
    {
        var partition = await NewPartitionAsync();
        string[] keys = [.. Enumerable.Range(0, 101).Select(i => $"k{i:D3}")];
        await StoreTransactionAsync(keys[..100].Select(key => NewObject(partition, key)));
        await StoreTransactionAsync([NewObject(partition, keys[100])]);
        using var reader = Silo.As(Reader);

        var limited = await GetPageAsync(reader, $"{PagePath(partition)}?limit=100");
        var unlimited = await GetPageAsync(reader, PagePath(partition));
        var overLimit = await GetPageAsync(reader, $"{PagePath(partition)}?limit=101");

        foreach (var page in new[] { limited, unlimited, overLimit })
        {
            Assert.Equal(keys[..100], SortKeysOf(page.Data));
            Assert.Equal("k099", page.After);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Walking_twenty_five_objects_seven_at_a_time_visits_each_once_in_order(bool forwards)
    {
        var partition = await PartitionWithKeysAsync();
        using var reader = Silo.As(Reader);

        var pages = await WalkAsync(reader, $"{PagePath(partition)}?limit=7&scanForwards={(forwards ? "true" : "false")}");

        Assert.Equal([7, 7, 7, 4], pages.Select(page => page.Count));
        Assert.Equal(forwards ? Keys : [.. Keys.OrderDescending(StringComparer.Ordinal)], SortKeysOf(pages.SelectMany(page => page)));
    }

    [Fact]
    public async Task After_is_exclusive_in_either_direction_and_need_not_be_a_stored_key()
    {
        var partition = await PartitionWithKeysAsync();
        using var reader = Silo.As(Reader);

        Assert.Equal(["k06", "k07", "k08"], await KeysAsync(reader, partition, "limit=3&after=k05"));
        Assert.Equal(["k04", "k03", "k02"], await KeysAsync(reader, partition, "limit=3&after=k05&scanForwards=false"));
        Assert.Equal(["k06", "k07", "k08"], await KeysAsync(reader, partition, "limit=3&after=k05a"));
        Assert.Empty(await KeysAsync(reader, partition, "after=k24"));
        Assert.Empty(await KeysAsync(reader, partition, "after=k00&scanForwards=false"));
    }

    [Fact]
    public async Task A_prefix_selects_the_keys_that_start_with_it_in_either_direction_and_across_pages()
    {
        var partition = await PartitionWithKeysAsync();
        using var reader = Silo.As(Reader);

        Assert.Equal(Keys[10..20], await KeysAsync(reader, partition, "sortKeyPrefix=k1"));
        Assert.Equal(Keys[10..20].OrderDescending(StringComparer.Ordinal), await KeysAsync(reader, partition, "sortKeyPrefix=k1&scanForwards=false"));
        Assert.Equal(["k15", "k16"], await KeysAsync(reader, partition, "sortKeyPrefix=k1&after=k14&limit=2"));
        Assert.Equal(["k13", "k12"], await KeysAsync(reader, partition, "sortKeyPrefix=k1&after=k14&limit=2&scanForwards=false"));
        Assert.Equal(["k24"], await KeysAsync(reader, partition, "sortKeyPrefix=k24"));
        Assert.Empty(await KeysAsync(reader, partition, "sortKeyPrefix=k3"));

        var pages = await WalkAsync(reader, $"{PagePath(partition)}?sortKeyPrefix=k1&limit=4");

        Assert.Equal([4, 4, 2], pages.Select(page => page.Count));
        Assert.Equal(Keys[10..20], SortKeysOf(pages.SelectMany(page => page)));
    }

    [Fact]
    public async Task Before_answers_what_precedes_it_in_scan_order_with_cursors_that_lead_on_either_way()
    {
        var partition = await PartitionWithKeysAsync();
        using var reader = Silo.As(Reader);

        var forwards = await GetPageAsync(reader, $"{PagePath(partition)}?limit=3&before=k05");
        var backwards = await GetPageAsync(reader, $"{PagePath(partition)}?limit=3&before=k05&scanForwards=false");
        var start = await GetPageAsync(reader, $"{PagePath(partition)}?limit=3&before=k02");

        Assert.Equal(["k02", "k03", "k04"], SortKeysOf(forwards.Data));
        Assert.Equal(("k02", "k04"), (forwards.Before, forwards.After));
        Assert.Equal(["k08", "k07", "k06"], SortKeysOf(backwards.Data));
        Assert.Equal(("k08", "k06"), (backwards.Before, backwards.After));
        Assert.Equal(["k00", "k01"], SortKeysOf(start.Data));
        Assert.Equal((null, "k01"), (start.Before, start.After));
        Assert.Equal(["k05", "k06", "k07"], await KeysAsync(reader, partition, $"limit=3&after={forwards.After}"));
    }

    [Fact]
    public async Task Min_is_exclusive_and_max_inclusive_alone_together_and_in_either_direction()
    {
        var partition = await PartitionWithKeysAsync();
        using var reader = Silo.As(Reader);

        Assert.Equal(["k04", "k05", "k06"], await KeysAsync(reader, partition, "sortKeyMin=k03&sortKeyMax=k06"));
        Assert.Equal(["k06", "k05", "k04"], await KeysAsync(reader, partition, "sortKeyMin=k03&sortKeyMax=k06&scanForwards=false"));
        Assert.Equal(["k05", "k06"], await KeysAsync(reader, partition, "sortKeyMin=k03&sortKeyMax=k06&after=k04"));
        Assert.Empty(await KeysAsync(reader, partition, "sortKeyMin=k04&sortKeyMax=k04"));
        Assert.Equal(["k04"], await KeysAsync(reader, partition, "sortKeyMin=k03&sortKeyMax=k04"));
        Assert.Equal(["k23", "k24"], await KeysAsync(reader, partition, "sortKeyMin=k22"));
        Assert.Equal(["k00", "k01", "k02"], await KeysAsync(reader, partition, "sortKeyMax=k02"));
        Assert.Equal(["k06", "k07"], await KeysAsync(reader, partition, "sortKeyMin=k05a&sortKeyMax=k07"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Versions_are_walked_one_at_a_time_oldest_first_or_newest_first(bool forwards)
    {
        var partition = await NewPartitionAsync();
        using var owner = Silo.As(Owner);
        var versions = new List<string> { await StoreAsync(owner, NewObject(partition, "v0")) };
        for (var version = 1; version < 5; version++)
        {
            versions.Add(await StoreAsync(owner, NextVersion(versions[^1], $"version {version}", $"v{version}")));
        }

        using var reader = Silo.As(Reader);

        var pages = await WalkAsync(reader, $"/object/v1/objects/{HashOf(versions[0]).ToUrlSafe()}/versions?limit=1&scanForwards={(forwards ? "true" : "false")}");

        Assert.All(pages, page => Assert.Single(page));
        var expected = versions.Select(HashOf).ToList();
        Assert.Equal(forwards ? expected : expected.AsEnumerable().Reverse(), pages.SelectMany(page => page).Select(item => HashOf(item.ToJsonString())));
    }

    [Fact]
    public async Task Users_are_walked_in_user_id_order()
    {
        var name = $"partition-{Guid.NewGuid():N}";
        var partition = await NewPartitionAsync(name);
        using var owner = Silo.As(Owner);
        using var upsert = await owner.PostAsync("/object/v1/partitions/upsert",
            Json(UpsertPartitionBody(name, Owner, (5003, ["READ"]), (5001, ["READ", "WRITE"]), (5002, ["WRITE"]))));
        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        using var reader = Silo.As(Reader);

        var pages = await WalkAsync(reader, $"/object/v1/partitions/{Escape(partition)}/users?limit=2");

        Assert.Equal([2, 2, 1], pages.Select(page => page.Count));
        Assert.Equal([Reader, Writer, 5001, 5002, 5003], pages.SelectMany(page => page).Select(user => user["userId"]!.GetValue<long>()));
    }

    [Theory]
    [InlineData("/object/v1/partitions/{0}/page")]
    [InlineData("/object/v1/partitions/{0}/users")]
    [InlineData("/object/v1/objects/{0}/versions")]
    public async Task The_list_of_an_unknown_partition_or_object_is_not_found(string template)
    {
        var unknown = HashOf($$"""{"name":"{{Guid.NewGuid():N}}"}""").ToUrlSafe();
        using var owner = Silo.As(Owner);

        using var response = await owner.GetAsync(string.Format(CultureInfo.InvariantCulture, template, unknown));

        await ReadProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    /// <summary>A partition with two current objects and two users (Reader, Writer), and an object with two versions.</summary>
    private async Task<Dictionary<string, string>> ListsOfTwoAsync()
    {
        var partition = await NewPartitionAsync();
        using var owner = Silo.As(Owner);
        var first = await StoreAsync(owner, NewObject(partition, "a"));
        await StoreAsync(owner, NextVersion(first, "second version"));
        await StoreAsync(owner, NewObject(partition, "b"));
        return new()
        {
            ["page"] = PagePath(partition),
            ["versions"] = $"/object/v1/objects/{HashOf(first).ToUrlSafe()}/versions",
            ["users"] = $"/object/v1/partitions/{Escape(partition)}/users",
        };
    }

    /// <summary>A partition holding <see cref="Keys"/>, stored out of order so that only the store can list them in order.</summary>
    private async Task<string> PartitionWithKeysAsync()
    {
        var partition = await NewPartitionAsync();
        await StoreTransactionAsync(Enumerable.Range(0, Keys.Length).Select(i => NewObject(partition, Keys[i * 7 % Keys.Length])));
        return partition;
    }

    private async Task StoreTransactionAsync(IEnumerable<JsonObject> objects)
    {
        using var owner = Silo.As(Owner);
        using var response = await owner.PostAsync("/object/v1/objects/transaction", Json(new JsonArray([.. objects]).ToJsonString()));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Follows the after cursors from the first page to the last; a cursor that never ends fails the test instead of hanging it.</summary>
    private static async Task<List<List<JsonObject>>> WalkAsync(HttpClient client, string firstPage)
    {
        var pages = new List<List<JsonObject>>();
        string? after = null;
        do
        {
            var page = await GetPageAsync(client, after is null ? firstPage : $"{firstPage}&after={Uri.EscapeDataString(after)}");
            pages.Add(page.Data);
            after = page.After;
        }
        while (after is not null && pages.Count <= 100);

        Assert.Null(after);
        return pages;
    }

    private static async Task<string[]> KeysAsync(HttpClient client, string partition, string query) =>
        SortKeysOf((await GetPageAsync(client, $"{PagePath(partition)}?{query}")).Data);

    private static string[] SortKeysOf(IEnumerable<JsonObject> objects) => [.. objects.Select(stored => stored["sortKey"]!.GetValue<string>())];

    private static string PagePath(string partition) => $"/object/v1/partitions/{Escape(partition)}/page";
}
