using System.Data.Common;
using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Storage;

/// <summary>
/// The first round trip of a batch: it locks the rows of all its partitions in one statement, in hash order so that two
/// transactions never wait on each other in a cycle, then reads, set-based across all the partitions, every row the
/// batch's checks need: one statement per kind of row, however many partitions share the transaction. Each query after
/// the locks sees what the transaction that held them committed, so the checks run against the database as it is under
/// the locks.
/// </summary>
internal static class BatchReads
{
    /// <summary>Rows per statement, well under both drivers' parameter limits.</summary>
    public const int ChunkSize = 1000;

    public static async Task<BatchState> ReadAsync(
        BatchTransaction transaction, StorageDialect dialect, IEnumerable<Hash> partitionHashes,
        IReadOnlyCollection<PreparedWrite> writes, IReadOnlyCollection<Hash> purgedSeries, long? writer, string commitKey, CancellationToken cancellationToken)
    {
        var partitions = partitionHashes.Distinct().Order().ToList();
        var nextSequences = new Dictionary<Hash, long>();
        var objects = new Dictionary<Hash, StoredObject>();
        var heads = new Dictionary<Hash, SeriesHead>();
        var holders = new Dictionary<SortKeySlot, SortKeyHolder>();
        Dictionary<Hash, Permission>? access = writer is null ? null : [];

        var statements = Queries(partitions, (part, sql) => dialect.LockPartitionsSql(sql.In(part)),
            reader => nextSequences[reader.GetHash(0)] = reader.GetInt64(1)).ToList();
        if (writer is { } user)
        {
            statements.AddRange(Queries(partitions, (part, sql) =>
                $"""
                SELECT p.partition_hash, p.owner_id, u.permissions FROM os_partitions p
                LEFT JOIN os_permissions u ON u.partition_hash = p.partition_hash AND u.user_id = {sql.Add(user)}
                WHERE p.partition_hash IN ({sql.In(part)})
                """,
                reader => access![reader.GetHash(0)] = PartitionAccess.Of(user, reader.GetInt64(1), reader.IsDBNull(2) ? Permission.None : (Permission)reader.GetInt32(2))));
        }

        statements.AddRange(Queries([.. writes.Select(write => write.AbsoluteHash).Distinct()],
            (part, sql) => $"SELECT {DbCommands.ObjectColumns} FROM os_objects o WHERE o.absolute_hash IN ({sql.In(part)})",
            reader => objects[reader.GetHash(0)] = reader.ReadObject()));
        var series = writes.Select(write => write.SeriesHash).Concat(purgedSeries).Distinct().ToList();
        statements.AddRange(Queries(series,
            (part, sql) => $"SELECT base_hash, partition_hash, current_hash, sort_key, kind, owner_id, thread_id, purge_at, first_created_key FROM os_heads WHERE base_hash IN ({sql.In(part)})",
            reader => heads[reader.GetHash(0)] = new SeriesHead(reader.GetHash(1), reader.GetHash(2), reader.GetString(3), (ObjectKind)reader.GetInt16(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.GetString(8))));

        // The sort keys the writes take, and those the series' heads hold now, which the writes may release.
        void ReadHolder(DbDataReader reader) =>
            holders[new SortKeySlot(reader.GetHash(0), reader.GetString(1))] = new SortKeyHolder(reader.GetHash(2), reader.GetHash(3));
        statements.AddRange(Queries([.. writes.Select(write => new SortKeySlot(write.PartitionHash, write.SortKey)).Distinct()],
            (part, sql) =>
                $"""
                SELECT c.partition_hash, c.sort_key, c.base_hash, c.absolute_hash
                FROM (VALUES {sql.Rows(part.Select(slot => new object?[] { slot.PartitionHash, slot.SortKey }))}) AS w
                JOIN os_current c ON c.partition_hash = w.column1 AND c.sort_key = w.column2
                """,
            ReadHolder));

        statements.AddRange(Queries(series,
            (part, sql) =>
                $"""
                SELECT c.partition_hash, c.sort_key, c.base_hash, c.absolute_hash FROM os_heads h
                JOIN os_current c ON c.partition_hash = h.partition_hash AND c.sort_key = h.sort_key WHERE h.base_hash IN ({sql.In(part)})
                """,
            ReadHolder));

        await transaction.QueryAsync(statements, cancellationToken);
        return new BatchState(nextSequences, objects, heads, holders, commitKey, access);
    }

    private static IEnumerable<DbStatement> Queries<T>(IReadOnlyCollection<T> items, Func<IEnumerable<T>, SqlLists, string> sql, Action<DbDataReader> readRow) =>
        SqlLists.Chunked(items, ChunkSize, sql).Select(statement => statement with { ReadRow = readRow });
}
