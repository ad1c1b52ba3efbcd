using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Sequences;
using ObjectStore.Storage;

namespace ObjectStore.Partitions;

/// <summary>Reads of the partition's current objects and its log, straight from the database.</summary>
public sealed partial class PartitionGrain
{
    public async Task<Page<StoredObject>> PageAsync(long caller, PartitionPageQuery query)
    {
        await RequireAsync(caller, Permission.Read);
        query.Validate();
        foreach (var (bound, field) in new[] { (query.After, "after"), (query.Before, "before"), (query.SortKeyPrefix, "sortKeyPrefix"), (query.SortKeyMin, "sortKeyMin"), (query.SortKeyMax, "sortKeyMax") })
        {
            TextChecks.RejectControlCharacters(bound, field);
        }

        if (query.Before is { } before)
        {
            var backwards = await storage.PageCurrentAsync(PartitionHash, Range(query, before), !query.ScanForwards, query.Limit + 1, CancellationToken.None);
            return Pages.BuildBackwards(backwards, query.Limit, stored => stored.SortKey);
        }

        var rows = await storage.PageCurrentAsync(PartitionHash, Range(query, query.After), query.ScanForwards, query.Limit + 1, CancellationToken.None);
        return Pages.Build(rows, query.Limit, query.After is not null, stored => stored.SortKey);
    }

    public async Task<StoredObject> GetBySortKeyAsync(long caller, string sortKey)
    {
        await RequireAsync(caller, Permission.Read);
        ObjectParser.ValidateSortKey(sortKey, "sortKey");
        return await storage.GetBySortKeyAsync(PartitionHash, sortKey, CancellationToken.None)
            ?? throw new NotFoundException($"No current object in partition {PartitionHash} has the sort key '{sortKey}'.");
    }

    public async Task<Page<LogEntry>> PageLogAsync(long caller, SequenceQuery query)
    {
        await RequireAsync(caller, Permission.Read);
        var bounds = query.Validate();
        if (query.Before is { } before)
        {
            var backwards = await sequences.PageLogAsync(PartitionHash, bounds, LogCursor.Parse(before, "before"), !query.ScanForwards, query.Limit + 1, CancellationToken.None);
            return Pages.BuildBackwards(backwards, query.Limit, entry => LogCursor.Of(entry.Sequence));
        }

        var after = query.After is null ? (long?)null : LogCursor.Parse(query.After, "after");
        var rows = await sequences.PageLogAsync(PartitionHash, bounds, after, query.ScanForwards, query.Limit + 1, CancellationToken.None);
        return Pages.BySequence(rows, query.Limit, after is not null, entry => entry.Sequence);
    }

    private static SortKeyRange Range(PartitionPageQuery query, string? exclusiveFrom) =>
        new(query.SortKeyMin, query.SortKeyMax, query.SortKeyPrefix, exclusiveFrom);
}
