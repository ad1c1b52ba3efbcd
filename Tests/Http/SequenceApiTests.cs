using System.Net;
using System.Text.Json.Nodes;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// The sequence extensions over HTTP: the views of a partition and of a thread as PageOfSequenceObject, the firehose for
/// administrators only, and a 4xx for each bad parameter.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class SequenceApiTests(HttpSiloFixture fixture) : HttpApiTestBase(fixture)
{
    [Fact]
    public async Task The_views_of_a_partition_and_a_thread_answer_the_stored_objects_in_createdDate_order()
    {
        var partition = await NewPartitionAsync();
        var thread = Convert.ToBase64String([0xfb, 0xff, .. Guid.NewGuid().ToByteArray()]);
        using var owner = Silo.As(Owner);
        var later = NewObject(partition, "later");
        later["threadId"] = thread;
        var earlier = NewObject(partition, "earlier");
        earlier["createdDate"] = "2019-01-01T00:00:00.000000001Z";
        earlier["threadId"] = thread;
        var laterStored = await StoreAsync(owner, later);
        var earlierStored = await StoreAsync(owner, earlier);
        var next = NextVersion(earlierStored, "updated");
        next["createdDate"] = "2021-01-01T00:00:00Z";
        var updated = await StoreAsync(owner, next);
        using var reader = Silo.As(Reader);

        using var response = await reader.GetAsync($"/object/v1/sequences/partitions/{Escape(partition)}/absolute?limit=2");
        var text = await response.Content.ReadAsStringAsync();
        var current = await GetPageAsync(reader, $"/object/v1/sequences/partitions/{Escape(partition)}/current");
        var urlSafeThread = thread.Replace('+', '-').Replace('/', '_');
        var threadCurrent = await GetPageAsync(reader, $"/object/v1/sequences/threads/{urlSafeThread}/current");
        var threadAbsolute = await GetPageAsync(reader, $"/object/v1/sequences/threads/{Escape(thread)}/absolute");

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var page = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(CanonicalText(page), text);
        Assert.Equal("PageOfSequenceObject", page["_type"]!.GetValue<string>());
        Assert.Equal([earlierStored, laterStored], page["data"]!.AsArray().Select(item => CanonicalText(item!)));
        var rest = await GetPageAsync(reader, $"/object/v1/sequences/partitions/{Escape(partition)}/absolute?after={Uri.EscapeDataString(page["pagination"]!["cursors"]!["after"]!.GetValue<string>())}");
        Assert.Equal([updated], rest.Data.Select(item => CanonicalText(item)));
        Assert.Equal([updated, laterStored], current.Data.Select(item => CanonicalText(item)));
        Assert.Equal([updated, laterStored], threadCurrent.Data.Select(item => CanonicalText(item)));
        Assert.Equal([earlierStored, laterStored, updated], threadAbsolute.Data.Select(item => CanonicalText(item)));
    }

    [Theory]
    [InlineData("/object/v1/sequences/partitions/{P}/absolute?from=yesterday", "from")]
    [InlineData("/object/v1/sequences/partitions/{P}/current?to=2020-01-01T00:00:00.1234567890Z", "to")]
    [InlineData("/object/v1/sequences/partitions/{P}/absolute?from=2020-01-02T00:00:00Z&to=2020-01-01T00:00:00Z", "from")]
    [InlineData("/object/v1/sequences/partitions/{P}/current?after=nonsense", "after")]
    [InlineData("/object/v1/sequences/partitions/{P}/absolute?before=nonsense", "before")]
    [InlineData("/object/v1/sequences/partitions/{P}/absolute?limit=0", "limit")]
    [InlineData("/object/v1/sequences/partitions/{P}/log?from=2020", "from")]
    [InlineData("/object/v1/sequences/threads/not!base64/absolute", "threadId")]
    [InlineData("/object/v1/sequences/threads/AAAA/current?scanForwards=sideways", "scanForwards")]
    public async Task A_bad_parameter_is_a_400_that_names_it(string template, string parameter)
    {
        var partition = await NewPartitionAsync();
        using var reader = Silo.As(Reader);

        using var response = await reader.GetAsync(template.Replace("{P}", Escape(partition), StringComparison.Ordinal));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid", parameter, template);
    }

    [Fact]
    public async Task A_partition_view_needs_READ_and_an_existing_partition()
    {
        var partition = await NewPartitionAsync();
        using var stranger = Silo.As(Stranger);
        using var owner = Silo.As(Owner);

        using var forbidden = await stranger.GetAsync($"/object/v1/sequences/partitions/{Escape(partition)}/current");
        using var missing = await owner.GetAsync($"/object/v1/sequences/partitions/{IdHash($"missing-{Guid.NewGuid():N}", Owner).ToUrlSafe()}/absolute");

        await ReadProblemAsync(forbidden, HttpStatusCode.Forbidden, "forbidden");
        await ReadProblemAsync(missing, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Without_administrators_configured_the_firehose_is_403_for_everyone()
    {
        using var owner = Silo.As(Owner);

        using var response = await owner.GetAsync("/object/v1/sequences/firehose");

        await ReadProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task An_administrator_follows_the_firehose_from_its_resume_cursor()
    {
        const long administrator = 4243;
        await using var silo = await HttpSilo.StartAsync(StorageProvider.Sqlite, $"--ObjectStore:Administrators:UserIds:0={administrator}");
        using var owner = silo.As(Owner);
        using var admin = silo.As(administrator);
        using var upsert = await owner.PostAsync("/object/v1/partitions/upsert", Json(UpsertPartitionBody("firehose", Owner)));
        var partition = HashOf(JsonNode.Parse(await upsert.Content.ReadAsStringAsync())!["id"]!.ToJsonString()).Value;
        var first = await StoreAsync(owner, NewObject(partition, "first"));

        var start = await GetPageAsync(admin, "/object/v1/sequences/firehose");
        var second = await StoreAsync(owner, NewObject(partition, "second"));
        var next = await GetPageAsync(admin, $"/object/v1/sequences/firehose?after={Uri.EscapeDataString(start.After!)}");
        var idle = await GetPageAsync(admin, $"/object/v1/sequences/firehose?after={Uri.EscapeDataString(next.After!)}");
        using var refused = await owner.GetAsync("/object/v1/sequences/firehose");

        Assert.Equal([first], start.Data.Select(entry => CanonicalText(entry["object"]!)));
        Assert.Equal([partition], start.Data.Select(entry => entry["partitionHash"]!.GetValue<string>()));
        Assert.Equal([second], next.Data.Select(entry => CanonicalText(entry["object"]!)));
        Assert.Empty(idle.Data);
        Assert.Equal(next.After, idle.After);
        await ReadProblemAsync(refused, HttpStatusCode.Forbidden, "forbidden");
    }
}
