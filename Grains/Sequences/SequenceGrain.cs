using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using Orleans.Concurrency;

namespace ObjectStore.Sequences;

/// <summary>
/// Reads the absolute and current views of partitions and threads straight from the database, on the sort columns the
/// writes keep. A partition's permission comes from its grain's memory; a thread is read only in the partitions the caller
/// may read, checked by the database in the read itself (a thread may span any number of partitions), so that neither
/// its items nor its cursors (built from the items answered) tell of the others. The list of the partitions a caller may
/// read comes from the database too, which every permission change commits to before a partition grain holds it.
/// Stateless and reentrant: a read waits on the database, not on the writers of a partition.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class SequenceGrain(ISequenceStorage storage) : Grain, ISequenceGrain
{
    /// <summary>The longest threadId read; the store keeps whatever Base64 a writer sends, and a thread id is a hash in practice.</summary>
    public const int MaxThreadIdLength = 1024;

    public async Task<Page<StoredObject>> PagePartitionAsync(long caller, Hash partitionHash, SequenceView view, SequenceQuery query)
    {
        await GrainFactory.RequireAsync(partitionHash, caller, Permission.Read);
        var bounds = query.Validate();
        return await PageAsync(query, (from, forwards, limit) => storage.PagePartitionAsync(partitionHash, view, bounds, from, forwards, limit, CancellationToken.None));
    }

    public Task<Page<StoredObject>> PageThreadAsync(long caller, string threadId, SequenceView view, SequenceQuery query)
    {
        ValidateThreadId(threadId);
        var bounds = query.Validate();
        return PageAsync(query, (from, forwards, limit) => storage.PageThreadAsync(threadId, caller, view, bounds, from, forwards, limit, CancellationToken.None));
    }

    public async Task<Page<ReadablePartition>> PageReadablePartitionsAsync(long caller, PartitionListQuery query)
    {
        var after = query.Validate();
        var rows = await storage.PageReadablePartitionsAsync(caller, after, query.Limit + 1, CancellationToken.None);
        return Pages.Build(rows, query.Limit, after is not null, partition => partition.ToCursor());
    }

    private static async Task<Page<StoredObject>> PageAsync(
        SequenceQuery query, Func<ViewPosition?, bool, int, Task<IReadOnlyList<SequenceItem>>> read)
    {
        if (query.Before is { } before)
        {
            var backwards = await read(ViewPosition.ParseCursor(before, "before"), !query.ScanForwards, query.Limit + 1);
            return Objects(Pages.BuildBackwards(backwards, query.Limit, item => item.Position.ToCursor()));
        }

        var after = query.After is null ? null : ViewPosition.ParseCursor(query.After, "after");
        var rows = await read(after, query.ScanForwards, query.Limit + 1);
        return Objects(Pages.Build(rows, query.Limit, after is not null, item => item.Position.ToCursor()));
    }

    private static Page<StoredObject> Objects(Page<SequenceItem> page) => new([.. page.Items.Select(item => item.Object)], page.Before, page.After);

    private static void ValidateThreadId(string threadId)
    {
        var buffer = new byte[threadId.Length];
        if (threadId.Length is 0 or > MaxThreadIdLength || !Convert.TryFromBase64String(threadId, buffer, out _))
        {
            throw new InvalidInputException($"'threadId' must be Base64 of at most {MaxThreadIdLength} characters.");
        }
    }
}
