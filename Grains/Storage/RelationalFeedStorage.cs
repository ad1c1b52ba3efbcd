using System.Data.Common;
using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;

namespace ObjectStore.Storage;

/// <summary>The feeds' SQL, shared by PostgreSQL and SQLite.</summary>
public sealed class RelationalFeedStorage(StorageDialect dialect) : IFeedStorage
{
    private DbDataSource DataSource => dialect.DataSource;

    public async Task<FeedRecord?> GetFeedAsync(Hash feedHash, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var feeds = await connection.QueryAsync(null,
            "SELECT name, owner_id, canonical_id, expires_at, time_to_live_ms, ordered, firehose_transaction, firehose_position FROM os_feeds WHERE feed_hash = @f",
            reader => (Id: new PartitionId(reader.GetString(0), reader.GetInt64(1)), Canonical: reader.GetFieldValue<byte[]>(2),
                ExpiresAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                TimeToLive: reader.IsDBNull(4) ? (TimeSpan?)null : TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                Ordered: reader.GetBoolean(5),
                Firehose: reader.IsDBNull(7) ? null : new FirehosePosition(reader.GetInt64(6), reader.GetInt64(7))),
            cancellationToken, ("@f", feedHash));
        if (feeds.Count == 0)
        {
            return null;
        }

        var selections = await connection.QueryAsync(null,
            "SELECT partition_hash, sort_key_prefix FROM os_feed_selections WHERE feed_hash = @f ORDER BY position",
            reader => new PartitionSelection(reader.GetHash(0), reader.IsDBNull(1) ? null : reader.GetString(1)),
            cancellationToken, ("@f", feedHash));
        var readers = await connection.QueryAsync(null,
            "SELECT user_id FROM os_feed_readers WHERE feed_hash = @f ORDER BY user_id",
            reader => reader.GetInt64(0), cancellationToken, ("@f", feedHash));
        var cursors = await connection.QueryAsync(null,
            "SELECT partition_hash, acked_through FROM os_feed_cursors WHERE feed_hash = @f",
            reader => (Partition: reader.GetHash(0), AckedThrough: reader.GetInt64(1)), cancellationToken, ("@f", feedHash));
        var feed = feeds[0];
        return new FeedRecord(
            new FeedDefinition(feedHash, feed.Id, feed.Canonical, selections, readers, feed.ExpiresAt, feed.TimeToLive, feed.Ordered,
                Firehose: feed.Firehose is null ? null : new FeedStart()),
            cursors.ToDictionary(cursor => cursor.Partition, cursor => cursor.AckedThrough), feed.Firehose);
    }

    public async Task SaveFeedAsync(FeedDefinition feed, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(transaction,
            """
            INSERT INTO os_feeds (feed_hash, name, owner_id, canonical_id, expires_at, time_to_live_ms, ordered) VALUES (@f, @name, @owner, @id, @expires, @ttl, @ordered)
            ON CONFLICT (feed_hash) DO UPDATE SET expires_at = excluded.expires_at, time_to_live_ms = excluded.time_to_live_ms, ordered = excluded.ordered
            """,
            cancellationToken, ("@f", feed.FeedHash), ("@name", feed.Id.Name), ("@owner", feed.Id.UserId), ("@id", feed.CanonicalId),
            ("@expires", feed.ExpiresAt.ToUnixTimeMilliseconds()), ("@ttl", (long?)feed.TimeToLive?.TotalMilliseconds), ("@ordered", feed.Ordered));
        if (feed.Firehose is { } firehoseStart)
        {
            var start = firehoseStart.AfterSequence == 0 ? new FirehosePosition(0, 0) : await FirehoseHeadAsync(connection, transaction, cancellationToken);
            await connection.ExecuteAsync(transaction,
                "UPDATE os_feeds SET firehose_transaction = @x, firehose_position = @p WHERE feed_hash = @f AND firehose_position IS NULL",
                cancellationToken, ("@x", start.Transaction), ("@p", start.Position), ("@f", feed.FeedHash));
        }

        await connection.ExecuteAsync(transaction, "DELETE FROM os_feed_selections WHERE feed_hash = @f", cancellationToken, ("@f", feed.FeedHash));
        foreach (var (selection, position) in feed.Selections.Select((selection, position) => (selection, position)))
        {
            await connection.ExecuteAsync(transaction,
                "INSERT INTO os_feed_selections (feed_hash, position, partition_hash, sort_key_prefix) VALUES (@f, @pos, @p, @prefix)",
                cancellationToken, ("@f", feed.FeedHash), ("@pos", position), ("@p", selection.PartitionHash), ("@prefix", selection.SortKeyPrefix));
        }

        await connection.ExecuteAsync(transaction, "DELETE FROM os_feed_readers WHERE feed_hash = @f", cancellationToken, ("@f", feed.FeedHash));
        foreach (var reader in feed.Readers)
        {
            await connection.ExecuteAsync(transaction, "INSERT INTO os_feed_readers (feed_hash, user_id) VALUES (@f, @u)",
                cancellationToken, ("@f", feed.FeedHash), ("@u", reader));
        }

        // A firehose feed selects no partition, yet every partition's dead letters are its own.
        foreach (var table in feed.Firehose is null ? ["os_feed_cursors", "os_feed_dead_letters"] : new[] { "os_feed_cursors" })
        {
            await connection.ExecuteAsync(transaction,
                $"DELETE FROM {table} WHERE feed_hash = @f AND partition_hash NOT IN (SELECT partition_hash FROM os_feed_selections WHERE feed_hash = @f)",
                cancellationToken, ("@f", feed.FeedHash));
        }

        foreach (var (partition, start) in feed.Starts ?? new Dictionary<Hash, FeedStart>())
        {
            await connection.ExecuteAsync(transaction,
                "INSERT INTO os_feed_cursors (feed_hash, partition_hash, acked_through) VALUES (@f, @p, @s) ON CONFLICT (feed_hash, partition_hash) DO NOTHING",
                cancellationToken, ("@f", feed.FeedHash), ("@p", partition), ("@s", await StartCursorAsync(connection, transaction, partition, start, cancellationToken)));
        }

        // A partition selected without a start starts after the last write it has committed: the feed delivers what happens
        // after it selects the partition. Taking the partition's lock would not help, the log is read from the cursor on anyway.
        await connection.ExecuteAsync(transaction,
            """
            INSERT INTO os_feed_cursors (feed_hash, partition_hash, acked_through)
            SELECT DISTINCT s.feed_hash, s.partition_hash, p.next_sequence - 1
            FROM os_feed_selections s JOIN os_partitions p ON p.partition_hash = s.partition_hash
            WHERE s.feed_hash = @f
            ON CONFLICT (feed_hash, partition_hash) DO NOTHING
            """,
            cancellationToken, ("@f", feed.FeedHash));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The cursor a start puts a new selection at: the position it names, which must be in the log (0 to its last entry),
    /// or just before the first entry committed at or after its time (after the last entry when none was).
    /// </summary>
    private static async Task<long> StartCursorAsync(DbConnection connection, DbTransaction transaction, Hash partition, FeedStart start, CancellationToken cancellationToken)
    {
        var lasts = await connection.QueryAsync(transaction, "SELECT next_sequence - 1 FROM os_partitions WHERE partition_hash = @p",
            reader => reader.GetInt64(0), cancellationToken, ("@p", partition));
        var last = lasts.Count == 0 ? 0 : lasts[0];
        if (start.AfterSequence is { } after)
        {
            return after <= last
                ? after
                : throw new InvalidInputException($"Partition {partition}'s log ends at {last}: a feed cannot start after {after}.");
        }

        var firsts = await connection.QueryAsync(transaction,
            "SELECT MIN(sequence) FROM os_log WHERE partition_hash = @p AND committed_at >= @t",
            reader => reader.IsDBNull(0) ? (long?)null : reader.GetInt64(0), cancellationToken,
            ("@p", partition), ("@t", start.Time!.Value.ToUnixTimeMilliseconds()));
        return firsts[0] is { } first ? first - 1 : last;
    }

    /// <summary>
    /// Where a firehose feed that starts now starts: after the last commit the firehose can answer, of the transactions
    /// older than every one in flight. A commit still in flight sorts after it, so it is delivered, not skipped.
    /// </summary>
    private async Task<FirehosePosition> FirehoseHeadAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var heads = await connection.QueryAsync(transaction,
            $"SELECT commit_xid, position FROM os_log WHERE commit_xid < {dialect.FirehoseHorizonSql} ORDER BY commit_xid DESC, position DESC LIMIT 1",
            reader => new FirehosePosition(reader.GetInt64(0), reader.GetInt64(1)), cancellationToken);
        return heads.Count == 0 ? new FirehosePosition(0, 0) : heads[0];
    }

    public async Task AdvanceFirehoseCursorAsync(Hash feedHash, FirehosePosition ackedThrough, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(null,
            """
            UPDATE os_feeds SET firehose_transaction = @x, firehose_position = @p
            WHERE feed_hash = @f AND (firehose_transaction < @x OR (firehose_transaction = @x AND firehose_position < @p))
            """,
            cancellationToken, ("@x", ackedThrough.Transaction), ("@p", ackedThrough.Position), ("@f", feedHash));
    }

    public async Task<int> CountFeedsAsync(long owner, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var counts = await connection.QueryAsync(null, "SELECT COUNT(*) FROM os_feeds WHERE owner_id = @owner",
            reader => reader.GetInt32(0), cancellationToken, ("@owner", owner));
        return counts[0];
    }

    public async Task DeleteFeedAsync(Hash feedHash, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in new[] { "os_feed_dead_letters", "os_feed_cursors", "os_feed_readers", "os_feed_selections", "os_feeds" })
        {
            await connection.ExecuteAsync(transaction, $"DELETE FROM {table} WHERE feed_hash = @f", cancellationToken, ("@f", feedHash));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PartitionLag>> ListLagAsync(Hash feedHash, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync(null,
            """
            SELECT c.partition_hash, p.next_sequence - 1, c.acked_through
            FROM os_feed_cursors c JOIN os_partitions p ON p.partition_hash = c.partition_hash
            WHERE c.feed_hash = @f
            """,
            reader => new PartitionLag(reader.GetHash(0), reader.GetInt64(1), reader.GetInt64(2)), cancellationToken, ("@f", feedHash));
    }

    public async Task AdvanceCursorsAsync(Hash feedHash, IReadOnlyDictionary<Hash, long> ackedThrough, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One round trip for every partition that moved: a busy feed moves most of them at each save.
        await connection.ExecuteAsync(transaction, [.. ackedThrough.Select(cursor => new DbStatement(
            "UPDATE os_feed_cursors SET acked_through = @s WHERE feed_hash = @f AND partition_hash = @p AND acked_through < @s",
            [("@s", cursor.Value), ("@f", feedHash), ("@p", cursor.Key)]))], prepare: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task SetExpiryAsync(Hash feedHash, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(null, "UPDATE os_feeds SET expires_at = @e WHERE feed_hash = @f",
            cancellationToken, ("@e", expiresAt.ToUnixTimeMilliseconds()), ("@f", feedHash));
    }

    public async Task AddDeadLetterAsync(Hash feedHash, MessageKey message, int attempts, DateTimeOffset deadAt, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(null,
            """
            INSERT INTO os_feed_dead_letters (feed_hash, partition_hash, sequence, attempts, dead_at, requeued) VALUES (@f, @p, @s, @a, @at, @r)
            ON CONFLICT (feed_hash, partition_hash, sequence) DO UPDATE SET attempts = excluded.attempts, dead_at = excluded.dead_at, requeued = excluded.requeued
            """,
            cancellationToken, ("@f", feedHash), ("@p", message.PartitionHash), ("@s", message.Sequence), ("@a", attempts),
            ("@at", deadAt.ToUnixTimeMilliseconds()), ("@r", false));
    }

    public async Task<int> CountDeadLettersAsync(Hash feedHash, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var counts = await connection.QueryAsync(null, "SELECT COUNT(*) FROM os_feed_dead_letters WHERE feed_hash = @f AND requeued = @r",
            reader => reader.GetInt32(0), cancellationToken, ("@f", feedHash), ("@r", false));
        return counts[0];
    }

    public async Task<IReadOnlyList<DeadLetterRecord>> ListDeadLettersAsync(
        Hash feedHash, bool requeued, int limit, IReadOnlyCollection<Hash>? partitions, CancellationToken cancellationToken)
    {
        if (partitions is { Count: 0 })
        {
            return [];
        }

        // A feed selects at most MaxSelections partitions, so one parameter each stays well within both databases' limits.
        var partitionParameters = partitions?.Select((partition, index) => ($"@p{index}", (object?)partition)).ToArray() ?? [];
        var onlyPartitions = partitions is null ? "" : $"AND d.partition_hash IN ({string.Join(", ", partitionParameters.Select(parameter => parameter.Item1))})";
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync(null,
            $"""
            SELECT d.partition_hash, d.attempts, d.dead_at, {DbCommands.LogColumns}
            FROM os_feed_dead_letters d
            JOIN os_log l ON l.partition_hash = d.partition_hash AND l.sequence = d.sequence
            LEFT JOIN os_objects o ON o.absolute_hash = l.absolute_hash AND o.sequence = l.sequence
            WHERE d.feed_hash = @f AND d.requeued = @r {onlyPartitions}
            ORDER BY d.dead_at, d.partition_hash, d.sequence LIMIT @limit
            """,
            reader =>
            {
                var entry = reader.ReadLogEntry(reader.GetHash(0), first: 3);
                return new DeadLetterRecord(new MessageKey(reader.GetHash(0), entry.Sequence), reader.GetInt32(1),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), entry);
            },
            cancellationToken, [("@f", feedHash), ("@r", requeued), ("@limit", limit), .. partitionParameters]);
    }

    public async Task<int> RequeueDeadLettersAsync(Hash feedHash, IReadOnlyList<MessageKey>? messages, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        if (messages is null)
        {
            return await connection.ExecuteAsync(null, "UPDATE os_feed_dead_letters SET requeued = @r WHERE feed_hash = @f AND requeued <> @r",
                cancellationToken, ("@r", true), ("@f", feedHash));
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = 0;
        foreach (var message in messages)
        {
            changed += await connection.ExecuteAsync(transaction,
                "UPDATE os_feed_dead_letters SET requeued = @r WHERE feed_hash = @f AND partition_hash = @p AND sequence = @s AND requeued <> @r",
                cancellationToken, ("@r", true), ("@f", feedHash), ("@p", message.PartitionHash), ("@s", message.Sequence));
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    public async Task RemoveDeadLetterAsync(Hash feedHash, MessageKey message, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(null, "DELETE FROM os_feed_dead_letters WHERE feed_hash = @f AND partition_hash = @p AND sequence = @s",
            cancellationToken, ("@f", feedHash), ("@p", message.PartitionHash), ("@s", message.Sequence));
    }

    public async Task<IReadOnlyList<Hash>> ListFollowersAsync(Hash partitionHash, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync(null, "SELECT feed_hash FROM os_feed_cursors WHERE partition_hash = @p",
            reader => reader.GetHash(0), cancellationToken, ("@p", partitionHash));
    }

    public async Task<IReadOnlyList<Hash>> FindExpiredFeedsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync(null, "SELECT feed_hash FROM os_feeds WHERE expires_at <= @now ORDER BY expires_at LIMIT @limit",
            reader => reader.GetHash(0), cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@limit", limit));
    }
}
