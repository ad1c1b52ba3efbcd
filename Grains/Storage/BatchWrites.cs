using ObjectStore.Objects;

namespace ObjectStore.Storage;

/// <summary>
/// The second round trip of a batch: what its units left in <see cref="BatchState"/>, written in a few set-based
/// statements, one per table for all the transaction's partitions (removals first, so that a sort key or series freed
/// and taken again in one batch is inserted afresh), sent with the COMMIT. Plain inserts, so the primary and unique keys
/// refuse anything the checks let through.
/// </summary>
internal static class BatchWrites
{
    /// <param name="committedAt">The time the batch's log entries record as their commit time.</param>
    public static IReadOnlyList<DbStatement> Of(BatchState state, DateTimeOffset committedAt)
    {
        var statements = new List<DbStatement>();
        statements.AddRange(Chunked([.. state.RemovedSeries], (part, sql) => $"DELETE FROM os_objects WHERE base_hash IN ({sql.In(part)})"));
        statements.AddRange(Chunked([.. state.ReplacedHeads], (part, sql) => $"DELETE FROM os_heads WHERE base_hash IN ({sql.In(part)})"));
        statements.AddRange(Chunked([.. state.ReleasedSlots], (part, sql) =>
            $"DELETE FROM os_current WHERE (partition_hash, sort_key) IN (VALUES {sql.Rows(part.Select(slot => new object?[] { slot.PartitionHash, slot.SortKey }))})"));
        statements.AddRange(Chunked([.. state.NewHeads], (part, sql) =>
            $"INSERT INTO os_heads (base_hash, partition_hash, current_hash, sort_key, kind, owner_id, thread_id, purge_at, first_created_key) VALUES {sql.Rows(part.Select(head =>
                new object?[] { head.BaseHash, head.Head.PartitionHash, head.Head.CurrentHash, head.Head.SortKey, (short)head.Head.Kind, head.Head.OwnerId, head.Head.ThreadId, head.Head.PurgeAt, head.Head.FirstCreatedKey }))}"));
        statements.AddRange(Chunked([.. state.TakenSlots], (part, sql) =>
            $"INSERT INTO os_current (partition_hash, sort_key, base_hash, absolute_hash) VALUES {sql.Rows(part.Select(taken =>
                new object?[] { taken.Slot.PartitionHash, taken.Slot.SortKey, taken.Holder.BaseHash, taken.Holder.AbsoluteHash }))}"));
        statements.AddRange(Chunked([.. state.AddedObjects], (part, sql) =>
            $"INSERT INTO os_objects (absolute_hash, base_hash, partition_hash, sort_key, kind, sequence, body, created_key, thread_id) VALUES {sql.Rows(part.Select(stored =>
                new object?[] { stored.AbsoluteHash, stored.BaseHash, stored.PartitionHash, stored.SortKey, (short)stored.Kind, stored.Sequence, stored.Canonical,
                    state.PlaceOf(stored.AbsoluteHash).CreatedKey, state.PlaceOf(stored.AbsoluteHash).ThreadId }))}"));
        statements.AddRange(Chunked(state.Log, (part, sql) =>
            $"INSERT INTO os_log (partition_hash, sequence, absolute_hash, base_hash, sort_key, kind, tombstone, previous_sort_key, created_key, committed_at) VALUES {sql.Rows(part.Select(row =>
                new object?[] { row.PartitionHash, row.Sequence, row.AbsoluteHash, row.BaseHash, row.SortKey, (short)row.Kind, row.Tombstone, row.PreviousSortKey, row.CreatedKey, committedAt.ToUnixTimeMilliseconds() }))}"));
        statements.AddRange(Chunked([.. state.AdvancedSequences], (part, sql) =>
            $"""
            UPDATE os_partitions SET next_sequence = v.column2
            FROM (VALUES {sql.Rows(part.Select(advanced => new object?[] { advanced.PartitionHash, advanced.Next }))}) AS v
            WHERE os_partitions.partition_hash = v.column1
            """));
        return statements;
    }

    private static IEnumerable<DbStatement> Chunked<T>(IReadOnlyCollection<T> items, Func<IEnumerable<T>, SqlLists, string> sql) =>
        SqlLists.Chunked(items, BatchReads.ChunkSize, sql);
}
