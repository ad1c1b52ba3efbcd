using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;
using ObjectStore.Silo.Canon;
using ObjectStore.Silo.Http.Authentication;

namespace ObjectStore.Silo.Http;

/// <summary>
/// <c>/sequences</c>, an extension of the REST model: ordered reads of what the store holds. They live apart from
/// <c>/partitions/{hash}/...</c>, where a literal segment would shadow the sort key of <c>/partitions/{hash}/{sortKey}</c>.
/// </summary>
public static class SequenceEndpoints
{
    private const string PagingDescription = "limit at least 1 (default 100; more than 100 is served as 100, with an after cursor when more follow); after and before are opaque exclusive cursors from an earlier page, not both: after answers what follows it in the scan direction, before what precedes it (in scan order); scanForwards=false walks backwards.";

    public static RouteGroupBuilder MapSequenceEndpoints(this RouteGroupBuilder api)
    {
        var sequences = api.MapGroup("/sequences").WithTags("sequences (extension)");

        sequences.MapGet("/partitions/{partitionHash}/log", PageLogAsync)
            .WithName("readPartitionLog")
            .WithSummary("Extension: a partition's log, every committed write in commit order with its gap-free sequence number")
            .WithDescription($"READ on the partition. A PageOfLogEntry: data [{{absoluteHash, baseHash, kind (STORED, LOGICAL_DELETE, PHYSICAL_DELETE), object (the stored canonical object; left out once physically deleted or purged), previousSortKey (when the write moved the object), sequence, sortKey}}]; {PagingDescription}")
            .Produces<System.Text.Json.Nodes.JsonObject>()
            .ProducesProblems(400, 403, 404);

        return api;
    }

    private static async Task<IResult> PageLogAsync(
        string partitionHash, int? limit, string? after, string? before, bool? scanForwards, HttpContext context, IGrainFactory grains)
    {
        var query = new SequenceQuery { Limit = PageLimits.Served(limit), After = after, Before = before, ScanForwards = scanForwards ?? true };
        var page = await grains.GetGrain<IPartitionGrain>(PathHashes.Parse(partitionHash, "partitionHash").Value).PageLogAsync(context.CallerId(), query);
        return CanonResults.Json(LogEntryWriter.Page(page));
    }
}
