using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ObjectStore.Feeds;
using ObjectStore.Hosting;
using ObjectStore.Objects;
using ObjectStore.Silo.Canon;
using ObjectStore.Silo.Http.Authentication;

namespace ObjectStore.Silo.Http;

/// <summary>
/// <c>/feeds</c>: upsert a feed, delete it, ask where to fetch it (Allegro's endpoint request), fetch and acknowledge its
/// messages. Reading a feed and its dead letters,
/// and requeueing them, are this store's own additions to Symphony's model.
/// </summary>
public static class FeedEndpoints
{
    private const int DefaultDeadLetterLimit = 100;

    /// <summary>Most feeds one endpoint request names: Allegro names the feeds of one fetch.</summary>
    public const int MaxEndpointFeeds = 100;

    /// <summary>
    /// How long an endpoint answer holds. Allegro asks again 40 s before it ends, so one request every quarter of an
    /// hour keeps its feeds alive without adding a request to every fetch.
    /// </summary>
    public static readonly TimeSpan EndpointLifetime = TimeSpan.FromMinutes(15);

    public static RouteGroupBuilder MapFeedEndpoints(this RouteGroupBuilder api)
    {
        var feeds = api.MapGroup("/feeds").WithTags("feeds");

        feeds.MapPost("/upsert", UpsertAsync)
            .WithName("upsertFeed")
            .WithSummary("Create a feed (the user its feedId names) or redefine it")
            .WithDescription("The body is an UpsertFeedRequest {feedId: NamedUserIdObject{name, userId}, partitionSelections: [{partitionHash, sortKeyPrefix, start}], partitionHashes (deprecated: selections without a prefix), userPermissions: [{userId, permissions: [READ]}], expiryTime: milliseconds, up to 432000000 (5 days) a time to live of 60000 or more, counted again from every fetch, above that a time since the epoch in the future, ordered}. The owner needs READ on every partition selected. Extensions: start (where a newly selected partition's messages begin; ignored for a partition the feed selects already, which keeps its place) is \"now\" (the default: the partition's next write), \"beginning\" (its whole log), an ISO-8601 time with its offset, not in the future (the first log entry committed at or after it), or a number N (after log position N, 0 to the log's last entry); the selections of one partition give the same start or none. ordered (true/false; omitted: a new feed is unordered, a redefined one keeps its setting) delivers each partition's messages in log order, one of a partition in flight at a time. firehose (\"now\" or \"beginning\", administrators only: the owner and every reader must be in ObjectStore:Administrators:UserIds, else 403) makes a feed of the whole store, every commit of every partition in firehose order (GET /object/v1/sequences/firehose), with no partitionSelections; a feed stays a firehose feed, or not, for its life. Answers the Feed (with firehose: true for a firehose feed).")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403, 404, 413);

        foreach (var (path, name) in new[] { ("/endpoint", "getFeedsEndpoint"), ("/credentials", "getFeedsCredentials") })
        {
            feeds.MapPost(path, EndpointAsync)
                .WithName(name)
                .WithSummary(path == "/endpoint"
                    ? "Where to fetch the feeds named, and keep them alive (what Allegro asks before it fetches)"
                    : "The same as /feeds/endpoint, under the name Allegro 0.5.6 to 0.5.20 use")
                .WithDescription($"The body is a JSON array of 1 to {MaxEndpointFeeds} feed hashes, each a feed the caller may read (else 404 or 403, as for GET /feeds/{{feedHash}}). Each feed's expiry moves as a fetch moves it. Answers a FeedsEndpoint {{directFetch: false, endPoint, expirationDate}}: fetch through POST /feeds/{{feedHash}}/objects, and ask again before expirationDate.")
                .Accepts<JsonArray>("application/json")
                .Produces<JsonObject>()
                .ProducesProblems(400, 403, 404, 413);
        }

        feeds.MapGet("/{feedHash}", GetAsync)
            .WithName("fetchFeed")
            .WithSummary("Read a feed and its consumer lag (an extension of Symphony's model)")
            .WithDescription("Answers the Feed with extensions: ordered (present when true), pending (messages loaded and not acknowledged), inFlight (delivered and not yet visible again), deadLetters, and partitions: [{partitionHash, lastSequence (the partition log's last entry), ackedThrough (the feed's cursor: every entry up to it acknowledged, filtered out or dead-lettered), backlog (lastSequence - ackedThrough: log entries the feed has not done with, matching its prefix or not)}] for each selected partition the caller may read now. For the owner and readers.")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403, 404);

        feeds.MapDelete("/{feedHash}", DeleteAsync)
            .WithName("deleteFeed")
            .WithSummary("Delete a feed and the messages it holds (its owner only)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(400, 403, 404);

        feeds.MapPost("/{feedHash}/objects", FetchAsync)
            .WithName("readFeed")
            .WithSummary("Fetch and/or acknowledge messages from a feed")
            .WithDescription("The body is a FeedRequest {maxItems (0-10, default 1), waitTimeSeconds (0-20, default 0), delete: [{receiptHandle}], extend: [{receiptHandle, visibilityTimeout}]}: the deletes (acknowledgements) and extends are applied first, then up to maxItems visible messages are answered, waiting up to waitTimeSeconds for the first. maxItems 0 only acknowledges: it answers [] at once and takes no message. Answers an array of FeedObject {messageId, receiptHandle, payload}; a message not deleted within its visibility timeout (30 s by default) is delivered again with a new receipt handle.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonArray>()
            .ProducesProblems(400, 403, 404, 413);

        feeds.MapGet("/{feedHash}/deadLetters", ListDeadLettersAsync)
            .WithName("readFeedDeadLetters")
            .WithSummary("List the messages delivered the maximum number of times without being deleted (an extension of Symphony's model)")
            .WithDescription("An array of {messageId, attempts, deadSince, payload}, oldest first; limit 1-1000 (default 100). payload is absent once the version was removed.")
            .Produces<JsonArray>()
            .ProducesProblems(400, 403, 404);

        feeds.MapPost("/{feedHash}/deadLetters/requeue", RequeueDeadLettersAsync)
            .WithName("requeueFeedDeadLetters")
            .WithSummary("Put dead letters back on the feed, its owner only (an extension of Symphony's model)")
            .WithDescription("The body {\"messageIds\": [...]} names the dead letters; no body, or no ids, means all of them. Answers {\"requeued\": n}.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403, 404, 413);

        return api;
    }

    private static async Task<IResult> UpsertAsync(HttpContext context, IGrainFactory grains, IOptions<HttpApiOptions> options)
    {
        var json = await context.Request.ReadBytesAsync(options.Value.MaxRequestBytes, context.RequestAborted);
        var feed = await grains.GetGrain<IObjectStoreGrain>(0).UpsertFeedAsync(context.CallerId(), FeedRequestReader.ReadUpsert(json));
        return CanonResults.Json(FeedWriter.Write(feed));
    }

    /// <summary>
    /// Checks every feed named, all at once, before it keeps any alive, so a refused request changes nothing; the refusal
    /// of the first feed refused in the order named is the answer, whichever check finishes first.
    /// </summary>
    private static async Task<IResult> EndpointAsync(HttpContext context, IGrainFactory grains, IOptions<HttpApiOptions> options)
    {
        var json = await context.Request.ReadBytesAsync(options.Value.MaxRequestBytes, context.RequestAborted);
        var caller = context.CallerId();
        var feeds = FeedRequestReader.ReadFeedHashes(json, MaxEndpointFeeds).Distinct().Select(hash => grains.GetGrain<IFeedGrain>(hash.Value)).ToList();
        var checks = feeds.Select(feed => feed.GetAsync(caller)).ToList();
        foreach (var check in checks)
        {
            await check;
        }

        await Task.WhenAll(feeds.Select(feed => feed.RefreshAsync(caller)));

        var clock = context.RequestServices.GetRequiredKeyedService<TimeProvider>(ObjectStoreClock.ServiceKey);
        return CanonResults.Json(FeedWriter.Endpoint($"{HttpApi.BasePath}/feeds", clock.GetUtcNow() + EndpointLifetime));
    }

    private static async Task<IResult> GetAsync(string feedHash, HttpContext context, IGrainFactory grains)
    {
        var feed = Feed(grains, feedHash);
        var described = await feed.GetAsync(context.CallerId());
        return CanonResults.Json(FeedWriter.Write(described, await feed.GetStatusAsync(context.CallerId())));
    }

    private static async Task<IResult> DeleteAsync(string feedHash, HttpContext context, IGrainFactory grains)
    {
        await Feed(grains, feedHash).DeleteAsync(context.CallerId());
        return Results.NoContent();
    }

    /// <summary>
    /// The request's abort token ends the long poll of a client that hung up, so it takes no message it cannot receive.
    /// When the host stops, a waiting poll ends too and answers <c>[]</c>, as if its wait had run out, so that the server
    /// drains instead of cutting it; a fetch that comes in while the host stops does not wait at all.
    /// </summary>
    private static async Task<IResult> FetchAsync(
        string feedHash, HttpContext context, IGrainFactory grains, IOptions<HttpApiOptions> options, IHostApplicationLifetime lifetime)
    {
        var feed = Feed(grains, feedHash);
        var json = await context.Request.ReadBytesAsync(options.Value.MaxRequestBytes, context.RequestAborted);
        var request = FeedRequestReader.ReadFetch(json);
        var stopping = lifetime.ApplicationStopping;
        if (stopping.IsCancellationRequested)
        {
            request = request with { WaitTimeSeconds = 0 };
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            return CanonResults.Json(FeedWriter.Messages(await feed.FetchAsync(context.CallerId(), request, waiting.Token)));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            return CanonResults.Json(FeedWriter.Messages([]));
        }
    }

    private static async Task<IResult> ListDeadLettersAsync(string feedHash, int? limit, HttpContext context, IGrainFactory grains)
    {
        var deadLetters = await Feed(grains, feedHash).ListDeadLettersAsync(context.CallerId(), limit ?? DefaultDeadLetterLimit);
        return CanonResults.Json(DeadLetterWriter.Write(deadLetters));
    }

    private static async Task<IResult> RequeueDeadLettersAsync(string feedHash, HttpContext context, IGrainFactory grains, IOptions<HttpApiOptions> options)
    {
        var feed = Feed(grains, feedHash);
        var json = await context.Request.ReadBytesAsync(options.Value.MaxRequestBytes, context.RequestAborted);
        var requeued = await feed.RequeueDeadLettersAsync(context.CallerId(), FeedRequestReader.ReadRequeue(json));
        return CanonResults.Json(DeadLetterWriter.Requeued(requeued));
    }

    private static IFeedGrain Feed(IGrainFactory grains, string feedHash) =>
        grains.GetGrain<IFeedGrain>(PathHashes.Parse(feedHash, "feedHash").Value);
}
