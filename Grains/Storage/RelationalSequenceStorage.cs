using System.Data.Common;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;

namespace ObjectStore.Storage;

/// <summary>The SQL of <see cref="ISequenceStorage"/>, shared by PostgreSQL and SQLite.</summary>
public sealed class RelationalSequenceStorage(StorageDialect dialect) : ISequenceStorage
{
    public async Task<IReadOnlyList<LogEntry>> PageLogAsync(
        Hash partitionHash, SequenceBounds bounds, long? exclusiveFrom, bool forwards, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
        return await PageLogAsync(connection, partitionHash, bounds, exclusiveFrom, forwards, limit, cancellationToken);
    }

    /// <summary>The log read on an open connection, which <see cref="RelationalObjectStorage"/> shares for the feeds' catch-up.</summary>
    internal static Task<List<LogEntry>> PageLogAsync(
        DbConnection connection, Hash partitionHash, SequenceBounds bounds, long? exclusiveFrom, bool forwards, int limit, CancellationToken cancellationToken) =>
        connection.QueryAsync(null, LogSql(bounds, exclusiveFrom is not null, forwards), reader => reader.ReadLogEntry(partitionHash), cancellationToken,
            ("@p", partitionHash), ("@after", exclusiveFrom), ("@from", bounds.From), ("@to", bounds.To), ("@limit", limit));

    /// <summary>The statement of a log page (parameters @p, @after, @from, @to, @limit), apart so that tests can see its plan.</summary>
    internal static string LogSql(SequenceBounds bounds, bool hasCursor, bool forwards)
    {
        var (comparison, order) = Direction(forwards);
        var conditions = new List<string> { "l.partition_hash = @p" };
        AddBounds(conditions, "l.created_key", bounds);
        if (hasCursor)
        {
            conditions.Add($"l.sequence {comparison} @after");
        }

        return $"""
            SELECT {DbCommands.LogColumns}
            FROM os_log l LEFT JOIN os_objects o ON o.absolute_hash = l.absolute_hash AND o.sequence = l.sequence
            WHERE {string.Join(" AND ", conditions)} ORDER BY l.sequence {order} LIMIT @limit
            """;
    }

    public Task<IReadOnlyList<SequenceItem>> PagePartitionAsync(
        Hash partitionHash, SequenceView view, SequenceBounds bounds, ViewPosition? exclusiveFrom, bool forwards, int limit, CancellationToken cancellationToken)
    {
        var lists = new SqlLists();
        return PageViewAsync(table => $"{table}.partition_hash = {lists.Add(partitionHash)}", lists, view, bounds, exclusiveFrom, forwards, limit, cancellationToken);
    }

    public Task<IReadOnlyList<SequenceItem>> PageThreadAsync(
        string threadId, long reader, SequenceView view, SequenceBounds bounds, ViewPosition? exclusiveFrom, bool forwards, int limit,
        CancellationToken cancellationToken)
    {
        // The partition grains' rule (PartitionAccess.Of) on the rows they load: the owner reads, others need READ granted.
        // Checked row by row while walking the thread's index in view order, so a read costs one statement however many
        // partitions the thread spans, and stops at the page's end.
        var lists = new SqlLists();
        return PageViewAsync(table =>
            {
                var thread = lists.Add(threadId);
                var user = lists.Add(reader);
                return $"""
                    {table}.thread_id = {thread} AND EXISTS (SELECT 1 FROM os_partitions p WHERE p.partition_hash = {table}.partition_hash AND (p.owner_id = {user}
                        OR EXISTS (SELECT 1 FROM os_permissions g WHERE g.partition_hash = p.partition_hash AND g.user_id = {user} AND (g.permissions & {(int)Permission.Read}) <> 0)))
                    """;
            },
            lists, view, bounds, exclusiveFrom, forwards, limit, cancellationToken);
    }

    private async Task<IReadOnlyList<SequenceItem>> PageViewAsync(
        Func<string, string> scope, SqlLists lists, SequenceView view, SequenceBounds bounds, ViewPosition? exclusiveFrom, bool forwards, int limit,
        CancellationToken cancellationToken)
    {
        // The absolute view reads every version at its own createdDate; the current view each series' head, at its first
        // version's createdDate, showing the current version, leaving out logical deletes (kind 1) and so keeping to the
        // partial indexes on kind = 0.
        var (source, key, tieBreaker, table) = view == SequenceView.Absolute
            ? ("os_objects o", "o.created_key", "o.absolute_hash", "o")
            : ("os_heads h JOIN os_objects o ON o.absolute_hash = h.current_hash", "h.first_created_key", "h.base_hash", "h");
        var (comparison, order) = Direction(forwards);
        var conditions = new List<string> { scope(table) };
        if (view == SequenceView.Current)
        {
            conditions.Add("h.kind = 0");
        }

        AddBounds(conditions, key, bounds);
        if (exclusiveFrom is not null)
        {
            conditions.Add($"({key}, {tieBreaker}) {comparison} ({lists.Add(exclusiveFrom.CreatedKey)}, {lists.Add(exclusiveFrom.Hash)})");
        }

        await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync(null,
            $"""
            SELECT {key}, {tieBreaker}, {DbCommands.ObjectColumns} FROM {source}
            WHERE {string.Join(" AND ", conditions)} ORDER BY {key} {order}, {tieBreaker} {order} LIMIT @limit
            """,
            reader => new SequenceItem(new ViewPosition(reader.GetString(0), reader.GetHash(1)), reader.ReadObject(2)), cancellationToken,
            [.. lists.Parameters, ("@from", bounds.From), ("@to", bounds.To), ("@limit", limit)]);
    }

    public async Task<IReadOnlyList<ReadablePartition>> PageReadablePartitionsAsync(long user, Hash? after, int limit, CancellationToken cancellationToken)
    {
        // Two ranges of the indexes on (owner_id, partition_hash) and (user_id, partition_hash), each cut at the page's
        // size before they are merged: a page costs the same however many partitions the user reads or the store holds.
        var cursor = after is null ? "" : "AND partition_hash > @after";
        await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync(null,
            $"""
            SELECT p.partition_hash, p.canonical_id, p.owner_id, u.permissions
            FROM os_partitions p LEFT JOIN os_permissions u ON u.partition_hash = p.partition_hash AND u.user_id = @u
            WHERE p.partition_hash IN (
                SELECT partition_hash FROM (
                    SELECT partition_hash FROM os_partitions WHERE owner_id = @u {cursor} ORDER BY partition_hash LIMIT @limit) owned
                UNION
                SELECT partition_hash FROM (
                    SELECT partition_hash FROM os_permissions WHERE user_id = @u AND (permissions & {(int)Permission.Read}) <> 0 {cursor}
                    ORDER BY partition_hash LIMIT @limit) granted)
            ORDER BY p.partition_hash LIMIT @limit
            """,
            reader => new ReadablePartition(reader.GetHash(0), reader.GetFieldValue<byte[]>(1),
                PartitionAccess.Of(user, reader.GetInt64(2), reader.IsDBNull(3) ? Permission.None : (Permission)reader.GetInt32(3))),
            cancellationToken, ("@u", user), ("@after", after), ("@limit", limit));
    }

    public async Task<IReadOnlyList<FirehoseEntry>> PageFirehoseAsync(FirehosePosition? after, int limit, CancellationToken cancellationToken)
    {
        var cursor = after is null ? "" : "AND (l.commit_xid, l.position) > (@xid, @position)";
        await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync(null,
            $"""
            SELECT l.commit_xid, l.position, l.partition_hash, {DbCommands.LogColumns}
            FROM os_log l LEFT JOIN os_objects o ON o.absolute_hash = l.absolute_hash AND o.sequence = l.sequence
            WHERE l.commit_xid < {dialect.FirehoseHorizonSql} {cursor}
            ORDER BY l.commit_xid, l.position LIMIT @limit
            """,
            reader =>
            {
                var partitionHash = reader.GetHash(2);
                return new FirehoseEntry(new FirehosePosition(reader.GetInt64(0), reader.GetInt64(1)), partitionHash, reader.ReadLogEntry(partitionHash, first: 3));
            },
            cancellationToken, ("@xid", after?.Transaction), ("@position", after?.Position), ("@limit", limit));
    }

    private static (string Comparison, string Order) Direction(bool forwards) => forwards ? (">", "ASC") : ("<", "DESC");

    private static void AddBounds(List<string> conditions, string key, SequenceBounds bounds)
    {
        if (bounds.From is not null)
        {
            conditions.Add($"{key} >= @from");
        }

        if (bounds.To is not null)
        {
            conditions.Add($"{key} < @to");
        }
    }
}
