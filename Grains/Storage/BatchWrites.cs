using ObjectStore.Objects;

namespace ObjectStore.Storage;

/// <summary>
/// The second round trip of a batch: what its units left in <see cref="BatchState"/>, written in a few set-based
/// statements, one per table for all the transaction's partitions (removals first, so that a sort key or series freed
/// and taken again in one batch is inserted afresh), sent with the COMMIT. Plain inserts, so the primary and unique keys
/// refuse anything the checks let through. On PostgreSQL each statement takes its rows as one array per column, so that
/// its text is the same whatever the batch's size, and the batch is prepared: each of the write pool's sessions parses
/// and plans these few statements once. Their plans are all lookups by a key, which a generic plan keeps.
/// </summary>
internal static class BatchWrites
{
    /// <param name="committedAt">The time the batch's log entries record as their commit time.</param>
    /// <param name="arrays">Whether the database takes each column's values as one array (<see cref="StorageDialect.SendsArrays"/>).</param>
    public static IReadOnlyList<DbStatement> Of(BatchState state, DateTimeOffset committedAt, bool arrays)
    {
        var statements = new List<DbStatement>();
        statements.AddRange(Chunked([.. state.RemovedSeries], arrays, (part, sql) =>
            $"DELETE FROM os_objects WHERE base_hash IN (SELECT column1 FROM {sql.Table(part, "v", new SetColumn<Hash>("bytea", baseHash => baseHash))})"));
        statements.AddRange(Chunked([.. state.ReplacedHeads], arrays, (part, sql) =>
            $"DELETE FROM os_heads WHERE base_hash IN (SELECT column1 FROM {sql.Table(part, "v", new SetColumn<Hash>("bytea", baseHash => baseHash))})"));
        statements.AddRange(Chunked([.. state.ReleasedSlots], arrays, (part, sql) =>
            $"DELETE FROM os_current WHERE (partition_hash, sort_key) IN (SELECT column1, column2 FROM {sql.Table(part, "v", new SetColumn<SortKeySlot>("bytea", slot => slot.PartitionHash), new("text", slot => slot.SortKey))})"));
        statements.AddRange(Inserts([.. state.NewHeads], arrays,
            "os_heads (base_hash, partition_hash, current_hash, sort_key, kind, owner_id, thread_id, purge_at, first_created_key)",
            new("bytea", head => head.BaseHash), new("bytea", head => head.Head.PartitionHash), new("bytea", head => head.Head.CurrentHash),
            new("text", head => head.Head.SortKey), new("int2", head => (short)head.Head.Kind), new("int8", head => head.Head.OwnerId),
            new("text", head => head.Head.ThreadId), new("int8", head => head.Head.PurgeAt), new("text", head => head.Head.FirstCreatedKey)));
        statements.AddRange(Inserts([.. state.TakenSlots], arrays, "os_current (partition_hash, sort_key, base_hash, absolute_hash)",
            new("bytea", taken => taken.Slot.PartitionHash), new("text", taken => taken.Slot.SortKey),
            new("bytea", taken => taken.Holder.BaseHash), new("bytea", taken => taken.Holder.AbsoluteHash)));
        statements.AddRange(Inserts([.. state.AddedObjects], arrays,
            "os_objects (absolute_hash, base_hash, partition_hash, sort_key, kind, sequence, body, created_key, thread_id)",
            new("bytea", stored => stored.AbsoluteHash), new("bytea", stored => stored.BaseHash), new("bytea", stored => stored.PartitionHash),
            new("text", stored => stored.SortKey), new("int2", stored => (short)stored.Kind), new("int8", stored => stored.Sequence),
            new("bytea", stored => stored.Canonical), new("text", stored => state.PlaceOf(stored.AbsoluteHash).CreatedKey),
            new("text", stored => state.PlaceOf(stored.AbsoluteHash).ThreadId)));
        var committedMilliseconds = committedAt.ToUnixTimeMilliseconds();
        statements.AddRange(Inserts(state.Log, arrays,
            "os_log (partition_hash, sequence, absolute_hash, base_hash, sort_key, kind, tombstone, previous_sort_key, created_key, committed_at)",
            new("bytea", row => row.PartitionHash), new("int8", row => row.Sequence), new("bytea", row => row.AbsoluteHash), new("bytea", row => row.BaseHash),
            new("text", row => row.SortKey), new("int2", row => (short)row.Kind), new("bytea", row => row.Tombstone), new("text", row => row.PreviousSortKey),
            new("text", row => row.CreatedKey), new("int8", _ => committedMilliseconds)));
        statements.AddRange(Chunked([.. state.AdvancedSequences], arrays, (part, sql) =>
            $"""
            UPDATE os_partitions SET next_sequence = v.column2
            FROM {sql.Table(part, "v", new SetColumn<(Hash PartitionHash, long Next)>("bytea", advanced => advanced.PartitionHash), new("int8", advanced => advanced.Next))}
            WHERE os_partitions.partition_hash = v.column1
            """));
        return statements;
    }

    /// <summary>Plain inserts into <paramref name="into"/> (the table and its column list) of <paramref name="rows"/>.</summary>
    private static IEnumerable<DbStatement> Inserts<T>(IReadOnlyCollection<T> rows, bool arrays, string into, params SetColumn<T>[] columns) =>
        Chunked(rows, arrays, (part, sql) => $"INSERT INTO {into} SELECT * FROM {sql.Table(part, "v", columns)}");

    /// <param name="arrays">Whether <paramref name="sql"/>'s rows go as arrays: then its text is the same for any rows, and it is prepared.</param>
    private static IEnumerable<DbStatement> Chunked<T>(IReadOnlyCollection<T> items, bool arrays, Func<IEnumerable<T>, SqlLists, string> sql) =>
        SqlLists.Chunked(items, BatchReads.ChunkSize, sql, arrays);
}
