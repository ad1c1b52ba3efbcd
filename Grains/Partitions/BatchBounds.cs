namespace ObjectStore.Partitions;

/// <summary>
/// What goes in the next batch of a group commit: what waits, in arrival order, while the batch stays within
/// <see cref="WriteBatchOptions"/>; the first always goes, however large, so that nothing waits forever.
/// </summary>
public static class BatchBounds
{
    /// <summary>Dequeues the next batch off <paramref name="waiting"/>; empty when nothing waits. Call under the queue's lock.</summary>
    public static List<T> TakeWithin<T>(Queue<T> waiting, WriteBatchOptions options, Func<T, int> writesOf, Func<T, long> bytesOf)
    {
        var batch = new List<T>();
        var (writes, bytes) = (0, 0L);
        while (waiting.TryPeek(out var next)
            && (batch.Count == 0 || (writes + writesOf(next) <= options.MaxBatchWrites && bytes + bytesOf(next) <= options.MaxBatchBytes)))
        {
            batch.Add(waiting.Dequeue());
            (writes, bytes) = (writes + writesOf(next), bytes + bytesOf(next));
        }

        return batch;
    }
}
