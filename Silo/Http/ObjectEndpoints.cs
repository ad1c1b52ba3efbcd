using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ObjectStore.Objects;
using ObjectStore.Silo.Canon;
using ObjectStore.Silo.Http.Authentication;

namespace ObjectStore.Silo.Http;

/// <summary><c>/objects</c>: store one object or a transaction, read a version, the current version, the versions.</summary>
public static class ObjectEndpoints
{
    public static RouteGroupBuilder MapObjectEndpoints(this RouteGroupBuilder api)
    {
        var objects = api.MapGroup("/objects").WithTags("objects");

        objects.MapPut("/{objectHash}", StoreAsync)
            .WithName("storeObject")
            .WithSummary("Store one object: create, update (a new version) or delete (a tombstone)")
            .WithDescription("The body is a StoredApplicationObject or DeletedApplicationObject; {objectHash} must be the hash of its canonical form. Storing the same object again changes nothing. Answers the object as stored.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403, 404, 409, 413);

        objects.MapPost("/transaction", StoreTransactionAsync)
            .WithName("storeObjectTransaction")
            .WithSummary("Store several objects atomically: all or none, in any partitions")
            .WithDescription("The body is a JSON array of StoredApplicationObject or DeletedApplicationObject. Answers the objects as stored, in the order sent.")
            .Accepts<JsonArray>("application/json")
            .Produces<JsonArray>()
            .ProducesProblems(400, 403, 404, 409, 413);

        objects.MapGet("/{objectHash}", GetAsync)
            .WithName("getObject")
            .WithSummary("Read a version, or the current version of an object")
            .WithDescription("currentVersion=false (the default): the version whose absoluteHash is {objectHash}. currentVersion=true: the current version of the object whose baseHash is {objectHash}; 410 when it is deleted.")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403, 404, 410);

        objects.MapGet("/{objectHash}/versions", PageVersionsAsync)
            .WithName("readVersions")
            .WithSummary("List the versions of an object, oldest first unless scanForwards=false")
            .WithDescription("A PageOfAbstractStoredApplicationObject; limit at least 1 (default 100; more than 100 is served as 100, with an after cursor when more follow); after is the cursor of an earlier page.")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403, 404);

        return api;
    }

    private static async Task<IResult> StoreAsync(string objectHash, HttpContext context, IGrainFactory grains, IOptions<HttpApiOptions> options)
    {
        var expected = PathHashes.Parse(objectHash, "objectHash");
        var json = await context.Request.ReadBytesAsync(options.Value.MaxRequestBytes, context.RequestAborted);
        var result = await grains.GetGrain<IObjectStoreGrain>(0).StoreAsync(context.CallerId(), json, expected);
        return CanonResults.Json(result.Object.Canonical);
    }

    private static async Task<IResult> StoreTransactionAsync(HttpContext context, IGrainFactory grains, IOptions<HttpApiOptions> options)
    {
        var json = await context.Request.ReadBytesAsync(options.Value.MaxTransactionRequestBytes, context.RequestAborted);
        var results = await grains.GetGrain<IObjectStoreGrain>(0).StoreTransactionAsync(context.CallerId(), json);
        return CanonResults.Json(ObjectWriter.Array(results.Select(result => result.Object)));
    }

    private static async Task<IResult> GetAsync(string objectHash, bool? currentVersion, HttpContext context, IGrainFactory grains)
    {
        var hash = PathHashes.Parse(objectHash, "objectHash");
        var stored = currentVersion == true
            ? await grains.GetGrain<IObjectVersionGrain>(hash.Value).GetCurrentAsync(context.CallerId())
            : await grains.GetGrain<IObjectStoreGrain>(0).GetObjectAsync(context.CallerId(), hash);
        return CanonResults.Json(stored.Canonical);
    }

    private static async Task<IResult> PageVersionsAsync(string objectHash, int? limit, string? after, bool? scanForwards, HttpContext context, IGrainFactory grains)
    {
        var hash = PathHashes.Parse(objectHash, "objectHash");
        var query = new SequencePageQuery { Limit = PageLimits.Served(limit), After = after, ScanForwards = scanForwards ?? true };
        var page = await grains.GetGrain<IObjectVersionGrain>(hash.Value).PageVersionsAsync(context.CallerId(), query);
        return CanonResults.Json(ObjectWriter.Page(page));
    }
}
