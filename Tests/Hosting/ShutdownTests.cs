using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Hosting;

/// <summary>A silo that stops drains what it serves: a consumer's long poll gets its answer instead of a cut connection.</summary>
[Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class ShutdownTests
{
    private const long Owner = 351775001412007;

    /// <summary>
    /// The poll waits up to 20 s and the host may take 5 s to stop: without the poll ending at shutdown, the server cuts it
    /// when the 5 s are up.
    /// </summary>
    [Fact]
    public async Task A_long_poll_in_flight_when_the_host_stops_answers_an_empty_array()
    {
        var polling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var silo = await HttpSilo.StartWithServicesAsync(StorageProvider.Sqlite,
            services => services.AddSingleton<IStartupFilter>(new FetchSignal(polling)), "--Shutdown:Timeout=00:00:05");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var owner = silo.As(Owner);
        var feed = await NewFeedAsync(owner, deadline.Token);

        var poll = owner.PostAsync($"/object/v1/feeds/{feed}/objects", Json("""{"_type":"com.symphony.s2.model.object.FeedRequest","maxItems":10,"waitTimeSeconds":20}"""), deadline.Token);
        await polling.Task.WaitAsync(deadline.Token);
        await silo.DisposeAsync();

        using var answer = await poll;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Empty(JsonNode.Parse(await answer.Content.ReadAsStringAsync(deadline.Token))!.AsArray());
    }

    /// <summary>A partition of the owner's and a feed of its writes; the feed's hash, URL-safe.</summary>
    private static async Task<string> NewFeedAsync(HttpClient owner, CancellationToken cancellationToken)
    {
        var name = $"shutdown-{Guid.NewGuid():N}";
        using var partition = await owner.PostAsync("/object/v1/partitions/upsert", Json($$$"""{"partitionId":{"name":"{{{name}}}","userId":{{{Owner}}}}}"""), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, partition.StatusCode);
        var partitionHash = HashOf(JsonNode.Parse(await partition.Content.ReadAsStringAsync(cancellationToken))!["id"]!.ToJsonString());

        using var feed = await owner.PostAsync("/object/v1/feeds/upsert", Json($$$"""
            {"_type":"com.symphony.s2.model.object.UpsertFeedRequest","feedId":{"_type":"com.symphony.s2.model.object.NamedUserIdObject","name":"{{{name}}}","userId":{{{Owner}}}},
             "partitionSelections":[{"_type":"com.symphony.s2.model.object.PartitionSelection","partitionHash":"{{{partitionHash.Value}}}"}]}
            """), cancellationToken);
        var text = await feed.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(feed.StatusCode == HttpStatusCode.OK, text);
        return HashOf(JsonNode.Parse(text)!["id"]!.ToJsonString()).ToUrlSafe();
    }

    private static Hash HashOf(string json)
    {
        using var document = CanonicalJson.Parse(Encoding.UTF8.GetBytes(json));
        return CanonicalJson.HashOf(CanonicalJson.Serialize(document.RootElement));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>Signals when a feed fetch has entered the silo's pipeline, so that the host stops while the poll is in flight.</summary>
    private sealed class FetchSignal(TaskCompletionSource polling) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, inner) =>
            {
                if (context.Request.Path.Value?.EndsWith("/objects", StringComparison.Ordinal) == true)
                {
                    polling.TrySetResult();
                }

                return inner(context);
            });
            next(app);
        };
    }
}
