using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Silo.Canon;
using ObjectStore.Silo.Http.Authentication;

namespace ObjectStore.Silo.Http;

/// <summary><c>/partitions</c>: upsert a partition, read it, its users, a page of its current objects, one by sort key.</summary>
public static class PartitionEndpoints
{
    public static RouteGroupBuilder MapPartitionEndpoints(this RouteGroupBuilder api)
    {
        var partitions = api.MapGroup("/partitions").WithTags("partitions");

        partitions.MapPost("/upsert", UpsertAsync)
            .WithName("upsertPartition")
            .WithSummary("Create a partition (its owner only) or change the permissions of the users listed")
            .WithDescription("The body is an UpsertPartitionRequest {partitionId: NamedUserIdObject{name, userId}, userPermissions: [{userId, permissions: [READ, WRITE]}]}; a user listed with no permissions loses access. Answers the Partition.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403, 413);

        partitions.MapGet("/{partitionHash}", GetAsync)
            .WithName("fetchPartition")
            .WithSummary("Read a partition")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403, 404);

        partitions.MapGet("/{partitionHash}/users", ListUsersAsync)
            .WithName("readPartitionUsers")
            .WithSummary("List the users with permissions on a partition, by user id")
            .WithDescription("A PageOfUserPermissions; limit at least 1 (default 100; more than 100 is served as 100, with an after cursor when more follow); after is the cursor of an earlier page.")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403, 404);

        partitions.MapGet("/{partitionHash}/page", PageAsync)
            .WithName("readPartitionPage")
            .WithSummary("List a partition's current objects in sort-key order")
            .WithDescription("A PageOfStoredApplicationObject; limit at least 1 (default 100; more than 100 is served as 100, with an after cursor when more follow); after and before are exclusive sort-key cursors, not both: after answers what follows it in the scan direction, before what precedes it (in scan order); scanForwards=false walks backwards, so after=<a page's before>&scanForwards=false is the previous page, in descending order; sortKeyPrefix, or sortKeyMin (exclusive) and/or sortKeyMax (inclusive), but not both kinds.")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403, 404);

        partitions.MapGet("/{partitionHash}/{sortKey}", GetBySortKeyAsync)
            .WithName("fetchObject")
            .WithSummary("Read the current object that holds a sort key")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403, 404);

        return api;
    }

    private static async Task<IResult> UpsertAsync(HttpContext context, IGrainFactory grains, IOptions<HttpApiOptions> options)
    {
        var json = await context.Request.ReadBytesAsync(options.Value.MaxRequestBytes, context.RequestAborted);
        var partition = await grains.GetGrain<IObjectStoreGrain>(0).UpsertPartitionAsync(context.CallerId(), PartitionRequestReader.ReadUpsert(json));
        return CanonResults.Json(PartitionWriter.Write(partition));
    }

    private static async Task<IResult> GetAsync(string partitionHash, HttpContext context, IGrainFactory grains) =>
        CanonResults.Json(PartitionWriter.Write(await Partition(grains, partitionHash).GetAsync(context.CallerId())));

    private static async Task<IResult> ListUsersAsync(string partitionHash, int? limit, string? after, HttpContext context, IGrainFactory grains)
    {
        var query = new SequencePageQuery { Limit = PageLimits.Served(limit), After = after };
        var page = await Partition(grains, partitionHash).ListUsersAsync(context.CallerId(), query);
        return CanonResults.Json(PartitionWriter.Users(page));
    }

    private static async Task<IResult> PageAsync(
        string partitionHash, int? limit, string? after, string? before, string? sortKeyPrefix, string? sortKeyMin, string? sortKeyMax, bool? scanForwards,
        HttpContext context, IGrainFactory grains)
    {
        var query = new PartitionPageQuery
        {
            Limit = PageLimits.Served(limit),
            After = after,
            Before = before,
            SortKeyPrefix = sortKeyPrefix,
            SortKeyMin = sortKeyMin,
            SortKeyMax = sortKeyMax,
            ScanForwards = scanForwards ?? true,
        };
        var page = await Partition(grains, partitionHash).PageAsync(context.CallerId(), query);
        return CanonResults.Json(ObjectWriter.Page(page));
    }

    private static async Task<IResult> GetBySortKeyAsync(string partitionHash, string sortKey, HttpContext context, IGrainFactory grains) =>
        CanonResults.Json((await Partition(grains, partitionHash).GetBySortKeyAsync(context.CallerId(), sortKey)).Canonical);

    private static IPartitionGrain Partition(IGrainFactory grains, string partitionHash) =>
        grains.GetGrain<IPartitionGrain>(PathHashes.Parse(partitionHash, "partitionHash").Value);
}
