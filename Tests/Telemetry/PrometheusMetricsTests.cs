using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ObjectStore.Condensation;
using ObjectStore.Expiry;
using ObjectStore.Feeds;
using ObjectStore.Storage;
using ObjectStore.Tests.Http;
using Microsoft.Extensions.DependencyInjection;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Telemetry;

/// <summary>
/// The silo's Prometheus endpoint after known work. The silo is shared, but the classes of its collection run one after
/// another and each silo reports its own meters, so what moves while a test runs is that test's doing: counters are read
/// before and after, and their differences are exact.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed partial class PrometheusMetricsTests(HttpSiloFixture fixture) : HttpApiTestBase(fixture)
{
    [Fact]
    public async Task Commits_their_writes_and_sizes_a_version_conflict_and_a_feed_fetch_move_the_counters_by_exactly_that_much()
    {
        var partition = await NewPartitionAsync();
        var feedName = $"feed-{Guid.NewGuid():N}";
        var feed = await NewFeedAsync(feedName, [Selection(partition)]);
        using var owner = Silo.As(Owner);
        using var administrator = Silo.As(HttpSiloFixture.Administrator);
        var before = await PrometheusScrape.ReadAsync(administrator);

        var sent = new List<string>();
        var stored = new List<string>();
        async Task<HttpResponseMessage> PutAndKeepAsync(string body)
        {
            sent.Add(body);
            var response = await PutAsync(owner, body);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                stored.Add(await response.Content.ReadAsStringAsync());
            }

            return response;
        }

        foreach (var sortKey in new[] { "a", "b", "c" })
        {
            using var created = await PutAndKeepAsync(NewObject(partition, sortKey).ToJsonString());
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var stale = NextVersion(stored[0], "an update of a version that is no longer current").ToJsonString();
        using (var updated = await PutAndKeepAsync(NextVersion(stored[0], "the update that wins").ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        }

        using (var conflict = await PutAndKeepAsync(stale))
        {
            await ReadProblemAsync(conflict, HttpStatusCode.Conflict, "version-conflict");
        }

        await WaitUntilHeldAsync(IdHash(feedName, Owner), messages: 4);
        var fetch = FeedRequest(maxItems: 10, waitTimeSeconds: 0).ToJsonString();
        sent.Add(fetch);
        using var fetched = await owner.PostAsync($"/object/v1/feeds/{feed}/objects", Json(fetch));
        Assert.Equal(4, JsonNode.Parse(await fetched.Content.ReadAsStringAsync())!.AsArray().Count);
        var after = await PrometheusScrape.ReadAsync(administrator);

        double Moved(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.Equal(4, Moved("objectstore_commits_total")); // Three creates and an update, one transaction each; the refused update commits nothing.
        Assert.Equal(4, Moved("objectstore_commit_writes_count"));
        Assert.Equal(4, Moved("objectstore_commit_writes_sum"));
        Assert.Equal(4, Moved("objectstore_commit_duration_seconds_count"));
        Assert.True(Moved("objectstore_commit_duration_seconds_sum") > 0, "each commit took some time");
        Assert.Equal(4, Moved("objectstore_object_size_bytes_count"));
        Assert.Equal(stored.Sum(Encoding.UTF8.GetByteCount), Moved("objectstore_object_size_bytes_sum"));
        // Each write went alone into its partition's batch, the refused one too. Other silos in the test process write
        // meanwhile: the figures are this silo's alone only because its meter is its host's.
        Assert.Equal(sent.Count - 1, Moved("objectstore_write_batch_writes_count"));
        Assert.Equal(sent.Count - 1, Moved("objectstore_write_batch_writes_sum"));
        Assert.Equal(1, Moved("objectstore_refusals_total", ("code", "version-conflict")));
        Assert.Equal(1, Moved("objectstore_refusals_total"));
        Assert.Equal(sent.Count, Moved("objectstore_request_size_bytes_count"));
        Assert.Equal(sent.Sum(Encoding.UTF8.GetByteCount), Moved("objectstore_request_size_bytes_sum"));
        Assert.Equal(4, Moved("objectstore_feed_deliveries_total"));
        // Each first delivery of a write the feed learnt of by notice is timed from its commit; a catch-up may read one from the log first.
        Assert.InRange(Moved("objectstore_feed_delivery_latency_seconds_count"), 1, 4);
        Assert.True(after.Value("objectstore_feeds_active") >= 1, "the feed fetched from is active");
        Assert.True(after.Value("objectstore_feed_in_flight") >= 4, "the four messages fetched are in flight");
    }

    [Fact]
    public async Task The_scrape_needs_an_administrators_token()
    {
        using var anonymous = Silo.Anonymous();
        using var user = Silo.As(Owner);
        using var administrator = Silo.As(HttpSiloFixture.Administrator);

        using var withoutToken = await anonymous.GetAsync("/metrics");
        using var notAdministrator = await user.GetAsync("/metrics");
        var scrape = await PrometheusScrape.ReadAsync(administrator);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdministrator.StatusCode);
        Assert.DoesNotContain("# TYPE", await notAdministrator.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("objectstore_feeds_active", scrape.Names);
    }

    [Fact]
    public async Task Every_metric_the_Grafana_dashboard_queries_is_one_the_silo_exports()
    {
        // What the dashboard shows, done once, so that every series it queries exists: a commit, a refusal, a fetch, the
        // Condensation store's requests, its garbage collection and the purge.
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(Selection(partition));
        using var owner = Silo.As(Owner);
        using var refused = await owner.PutAsync($"/object/v1/objects/{IdHash("not the body's hash", Owner).ToUrlSafe()}", Json(NewObject(partition, "refused").ToJsonString()));
        await StoreAsync(owner, NewObject(partition, "shown"));
        Assert.Single(await ReceiveAsync(feed, 1));
        var grains = Silo.Services.GetRequiredService<IGrainFactory>();
        Assert.True(CondensationHash.TryParse(new string('a', 64), out var account));
        await grains.GetGrain<ICondensationStoreGrain>(0).ModifyAsync(account, new BoxModifications([], [], []));
        await grains.GetGrain<IAccountGrain>(account.Hex).ListAsync(null, BoxLabel.Public, TimeSpan.FromMilliseconds(1));
        await grains.GetGrain<ICondensationCollectorGrain>(0).CollectAsync();
        await grains.GetGrain<IExpiryGrain>(0).RemoveExpiredAsync();
        using var administrator = Silo.As(HttpSiloFixture.Administrator);
        var exported = (await PrometheusScrape.ReadAsync(administrator)).Names;

        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Deployment", "grafana", "objectstore.json")))!;
        var queries = dashboard["panels"]!.AsArray().SelectMany(panel => panel!["targets"]!.AsArray()).Select(target => target!["expr"]!.GetValue<string>()).ToList();
        var queried = queries.SelectMany(query => MetricSelector().Matches(query).Select(match => match.Groups[1].Value)).ToHashSet();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotEmpty(queried);
        var missing = queried.Where(name => !exported.Contains(name)).Order().ToList();
        Assert.True(missing.Count == 0, $"The dashboard queries {string.Join(", ", missing)}, which the silo does not export; it exports {string.Join(", ", exported.Order())}.");
        Assert.Contains(queried, name => name.StartsWith("objectstore_", StringComparison.Ordinal));
    }

    /// <summary>A metric selector of the dashboard's queries: each names its metric before its label matchers (the silo).</summary>
    [GeneratedRegex(@"([a-zA-Z_:][a-zA-Z0-9_:]*)\{")]
    private static partial Regex MetricSelector();

    /// <summary>Waits until the feed's grain holds <paramref name="messages"/> messages: notices reach it after their commits answer.</summary>
    private async Task WaitUntilHeldAsync(ObjectStore.Objects.Hash feed, int messages)
    {
        var grain = Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IFeedGrain>(feed.Value);
        await Eventually.UntilAsync(async () => (await grain.GetStatusAsync(Owner)).Pending >= messages, $"the feed holds {messages} messages");
    }
}
