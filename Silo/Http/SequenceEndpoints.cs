using System.Text.Json.Nodes;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;
using ObjectStore.Silo.Canon;
using ObjectStore.Silo.Http.Authentication;

namespace ObjectStore.Silo.Http;

/// <summary>
/// <c>/sequences</c>, an extension of the REST model: ordered reads of what the store holds, and the list of the
/// partitions a caller may read them in. They live apart from
/// <c>/partitions/{hash}/...</c>, where a literal segment would shadow the sort key of <c>/partitions/{hash}/{sortKey}</c>.
/// </summary>
public static class SequenceEndpoints
{
    private const string PagingDescription = "limit at least 1 (default 100; more than 100 is served as 100, with an after cursor when more follow); after and before are opaque exclusive cursors from an earlier page, not both: after answers what follows it in the scan direction, before what precedes it (in scan order); scanForwards=false walks backwards; from (inclusive) and to (exclusive) bound the createdDate, ISO-8601 UTC instants with up to nine fraction digits (an object without createdDate stands at its commit time).";

    private const string ViewsDescription = "absolute: every version at its own createdDate, ordered by (createdDate, absoluteHash); current: each object once, at its first version's createdDate, showing its current version, ordered by (that createdDate, baseHash), logically deleted objects left out. A PageOfSequenceObject of stored objects as their canonical bytes; ";

    public static RouteGroupBuilder MapSequenceEndpoints(this RouteGroupBuilder api)
    {
        var sequences = api.MapGroup("/sequences").WithTags("sequences (extension)");

        sequences.MapGet("/partitions", PageReadablePartitionsAsync)
            .WithName("readReadablePartitions")
            .WithSummary("Extension: the partitions the caller owns or holds READ on, in hash order")
            .WithDescription("A PageOfReadablePartition: data [{id (the partition's NamedUserIdObject as hashed), partitionHash, permissions (the caller's: READ, and WRITE for its owner or a writer)}]. after is the opaque cursor of an earlier page (pagination.cursors.after, absent on the last page); limit at least 1 (default 100, more served as 100).")
            .Produces<JsonObject>()
            .ProducesProblems(400);

        sequences.MapGet("/partitions/{partitionHash}/log", PageLogAsync)
            .WithName("readPartitionLog")
            .WithSummary("Extension: a partition's log, every committed write in commit order with its gap-free sequence number")
            .WithDescription($"READ on the partition. A PageOfLogEntry: data [{{absoluteHash, baseHash, kind (STORED, LOGICAL_DELETE, PHYSICAL_DELETE), object (the stored canonical object; left out once physically deleted or purged), previousSortKey (when the write moved the object), sequence, sortKey}}]; {PagingDescription}")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403, 404);

        foreach (var view in Enum.GetValues<SequenceView>())
        {
            var name = view.ToString();
            sequences.MapGet($"/partitions/{{partitionHash}}/{name.ToLowerInvariant()}",
                    (string partitionHash, int? limit, string? after, string? before, bool? scanForwards, string? from, string? to, HttpContext context, IGrainFactory grains) =>
                        PageAsync(query => Sequences(grains).PagePartitionAsync(context.CallerId(), PathHashes.Parse(partitionHash, "partitionHash"), view, query),
                            limit, after, before, scanForwards, from, to))
                .WithName($"readPartition{name}Sequence")
                .WithSummary($"Extension: the {name.ToLowerInvariant()} view of a partition's objects")
                .WithDescription($"READ on the partition. {ViewsDescription}{PagingDescription}")
                .Produces<JsonObject>()
                .ProducesProblems(400, 403, 404);

            sequences.MapGet($"/threads/{{threadId}}/{name.ToLowerInvariant()}",
                    (string threadId, int? limit, string? after, string? before, bool? scanForwards, string? from, string? to, HttpContext context, IGrainFactory grains) =>
                        PageAsync(query => Sequences(grains).PageThreadAsync(context.CallerId(), ThreadIds.FromPath(threadId), view, query),
                            limit, after, before, scanForwards, from, to))
                .WithName($"readThread{name}Sequence")
                .WithSummary($"Extension: the {name.ToLowerInvariant()} view of a thread's objects, in every partition the caller may read")
                .WithDescription($"The objects whose threadId is the one given (Base64; URL-safe, or '/' encoded as %2F), in the partitions the caller may READ; nothing of the others. {ViewsDescription}{PagingDescription}")
                .Produces<JsonObject>()
                .ProducesProblems(400);
        }

        sequences.MapGet("/firehose", PageFirehoseAsync)
            .WithName("readFirehose")
            .WithSummary("Extension: every commit of the whole store, for administrators (ObjectStore:Administrators:UserIds)")
            .WithDescription("A PageOfFirehoseEntry: log entries as the partition log answers them, each naming its partitionHash, oldest first. after is the cursor of an earlier page; pagination.cursors.after is always the cursor to resume from (the one given when nothing new committed): a cursor never passes over a commit still in flight when its page was read. limit at least 1 (default 100, more served as 100).")
            .Produces<JsonObject>()
            .ProducesProblems(400, 403);

        return api;
    }

    private static async Task<IResult> PageLogAsync(
        string partitionHash, int? limit, string? after, string? before, bool? scanForwards, string? from, string? to, HttpContext context, IGrainFactory grains)
    {
        var page = await grains.GetGrain<IPartitionGrain>(PathHashes.Parse(partitionHash, "partitionHash").Value)
            .PageLogAsync(context.CallerId(), Query(limit, after, before, scanForwards, from, to));
        return CanonResults.Json(LogEntryWriter.Page(page));
    }

    private static async Task<IResult> PageAsync(
        Func<SequenceQuery, Task<Page<StoredObject>>> read, int? limit, string? after, string? before, bool? scanForwards, string? from, string? to) =>
        CanonResults.Json(ObjectWriter.SequencePage(await read(Query(limit, after, before, scanForwards, from, to))));

    private static async Task<IResult> PageReadablePartitionsAsync(int? limit, string? after, HttpContext context, IGrainFactory grains)
    {
        var page = await Sequences(grains).PageReadablePartitionsAsync(context.CallerId(), new PartitionListQuery { Limit = PageLimits.Served(limit), After = after });
        return CanonResults.Json(PartitionWriter.Readable(page));
    }

    private static async Task<IResult> PageFirehoseAsync(int? limit, string? after, HttpContext context, IGrainFactory grains)
    {
        var page = await grains.GetGrain<IFirehoseGrain>(0).PageAsync(context.CallerId(), new FirehoseQuery { Limit = PageLimits.Served(limit), After = after });
        return CanonResults.Json(LogEntryWriter.Firehose(page));
    }

    private static SequenceQuery Query(int? limit, string? after, string? before, bool? scanForwards, string? from, string? to) => new()
    {
        Limit = PageLimits.Served(limit), After = after, Before = before, ScanForwards = scanForwards ?? true, From = from, To = to,
    };

    private static ISequenceGrain Sequences(IGrainFactory grains) => grains.GetGrain<ISequenceGrain>(0);
}
