using System.Net;
using System.Text.Json.Nodes;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// <c>GET /sequences/partitions/{hash}/log</c>: a partition's committed writes in commit order over HTTP, with their
/// gap-free sequence numbers and versions, paged both ways, for readers of the partition only.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class PartitionLogApiTests(HttpSiloFixture fixture) : HttpApiTestBase(fixture)
{
    [Fact]
    public async Task The_log_answers_every_write_in_commit_order_with_its_kind_sort_keys_and_version()
    {
        var partition = await NewPartitionAsync();
        using var owner = Silo.As(Owner);
        var first = await StoreAsync(owner, NewObject(partition, "a"));
        var moved = await StoreAsync(owner, NextVersion(first, "second", sortKey: "b"));
        var deleted = await StoreAsync(owner, Deletion(moved));
        using var reader = Silo.As(Reader);

        using var response = await reader.GetAsync($"/object/v1/sequences/partitions/{Escape(partition)}/log");
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var page = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(CanonicalText(page), text);
        Assert.Equal("PageOfLogEntry", page["_type"]!.GetValue<string>());
        var entries = page["data"]!.AsArray().Select(entry => entry!.AsObject()).ToList();
        Assert.Equal([1L, 2L, 3L], entries.Select(entry => entry["sequence"]!.GetValue<long>()));
        Assert.Equal(["STORED", "STORED", "LOGICAL_DELETE"], entries.Select(entry => entry["kind"]!.GetValue<string>()));
        Assert.Equal(["a", "b", "b"], entries.Select(entry => entry["sortKey"]!.GetValue<string>()));
        Assert.Equal([null, "a", null], entries.Select(entry => entry["previousSortKey"]?.GetValue<string>()));
        Assert.Equal([first, moved, deleted], entries.Select(entry => CanonicalText(entry["object"]!)));
        Assert.Equal([HashOf(first).Value, HashOf(moved).Value, HashOf(deleted).Value], entries.Select(entry => entry["absoluteHash"]!.GetValue<string>()));
        Assert.All(entries, entry => Assert.Equal(HashOf(first).Value, entry["baseHash"]!.GetValue<string>()));
        Assert.Null(page["pagination"]!["cursors"]!["after"]);
    }

    [Fact]
    public async Task Cursors_walk_the_log_forwards_and_back_without_skipping_or_repeating_an_entry()
    {
        var partition = await NewPartitionAsync();
        using var owner = Silo.As(Owner);
        for (var i = 0; i < 5; i++)
        {
            await StoreAsync(owner, NewObject(partition, $"k{i}"));
        }

        using var reader = Silo.As(Reader);
        var path = $"/object/v1/sequences/partitions/{Escape(partition)}/log";

        var forwards = new List<long>();
        string? after = null;
        do
        {
            var page = await GetPageAsync(reader, after is null ? $"{path}?limit=2" : $"{path}?limit=2&after={Uri.EscapeDataString(after)}");
            forwards.AddRange(page.Data.Select(entry => entry["sequence"]!.GetValue<long>()));
            after = page.After;
        }
        while (after is not null);

        var last = await GetPageAsync(reader, $"{path}?limit=2&scanForwards=false");
        var beforeLast = await GetPageAsync(reader, $"{path}?limit=2&scanForwards=false&after={Uri.EscapeDataString(last.After!)}");
        var backToLast = await GetPageAsync(reader, $"{path}?limit=2&scanForwards=false&before={Uri.EscapeDataString(beforeLast.Before!)}");

        Assert.Equal([1L, 2L, 3L, 4L, 5L], forwards);
        Assert.Equal([5L, 4L], last.Data.Select(entry => entry["sequence"]!.GetValue<long>()));
        Assert.Equal([3L, 2L], beforeLast.Data.Select(entry => entry["sequence"]!.GetValue<long>()));
        Assert.Equal([5L, 4L], backToLast.Data.Select(entry => entry["sequence"]!.GetValue<long>()));
    }

    [Theory]
    [InlineData(Stranger)]
    [InlineData(Writer)]
    public async Task Only_readers_of_the_partition_may_read_its_log(long caller)
    {
        var partition = await NewPartitionAsync();
        using var owner = Silo.As(Owner);
        await StoreAsync(owner, NewObject(partition, "a"));
        using var client = Silo.As(caller);

        using var response = await client.GetAsync($"/object/v1/sequences/partitions/{Escape(partition)}/log");

        await ReadProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task The_log_of_a_partition_that_does_not_exist_is_404()
    {
        using var owner = Silo.As(Owner);

        using var response = await owner.GetAsync($"/object/v1/sequences/partitions/{IdHash($"missing-{Guid.NewGuid():N}", Owner).ToUrlSafe()}/log");

        await ReadProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("after=abc", "after")]
    [InlineData("after=-1", "after")]
    [InlineData("before=1.5", "before")]
    [InlineData("after=1&before=3", "before")]
    [InlineData("limit=0", "limit")]
    [InlineData("scanForwards=maybe", "scanForwards")]
    public async Task A_bad_cursor_or_parameter_is_a_400_that_names_it(string query, string parameter)
    {
        var partition = await NewPartitionAsync();
        using var reader = Silo.As(Reader);

        using var response = await reader.GetAsync($"/object/v1/sequences/partitions/{Escape(partition)}/log?{query}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid", parameter, query);
    }
}
