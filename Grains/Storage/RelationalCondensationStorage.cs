using System.Data.Common;
using ObjectStore.Condensation;

namespace ObjectStore.Storage;

/// <summary>
/// The Condensation store's SQL, shared by PostgreSQL and SQLite. Garbage collection marks what is reachable into a
/// temporary table, walking links in SQL: first without a lock, then again under the sweep lock for what was put,
/// booked or added meanwhile, and only then sweeps. Writers hold the shared side of that lock, so nothing a
/// concurrent put, book or add keeps alive can be swept.
/// </summary>
public sealed class RelationalCondensationStorage(StorageDialect dialect) : ICondensationStorage
{
    /// <summary>Box entries and recently touched objects: where reachability starts.</summary>
    private const string RootsSql = "SELECT hash FROM cds_box_entries UNION SELECT hash FROM cds_objects WHERE touched_at >= @cutoff";

    private DbDataSource DataSource => dialect.DataSource;

    public async Task<byte[]?> GetObjectAsync(CondensationHash hash, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync(null, "SELECT bytes FROM cds_objects WHERE hash = @h",
            reader => reader.GetFieldValue<byte[]>(0), cancellationToken, ("@h", hash));
        return rows.Count > 0 ? rows[0] : null;
    }

    public async Task<ObjectFacts?> GetFactsAsync(CondensationHash hash, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync(null, "SELECT size, is_envelope, expires_at FROM cds_objects WHERE hash = @h",
            reader => new ObjectFacts(reader.GetInt32(0), reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)),
            cancellationToken, ("@h", hash));
        return rows.Count > 0 ? rows[0] : null;
    }

    public async Task<bool> BookAsync(CondensationHash hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var booked = await connection.ExecuteAsync(transaction,
            "UPDATE cds_objects SET touched_at = CASE WHEN touched_at > @now THEN touched_at ELSE @now END WHERE hash = @h",
            cancellationToken, ("@h", hash), ("@now", now.ToUnixTimeMilliseconds()));
        await transaction.CommitAsync(cancellationToken);
        return booked > 0;
    }

    public async Task<IReadOnlyList<CondensationHash>> ListAsync(CondensationHash account, BoxLabel box, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync(null, "SELECT hash FROM cds_box_entries WHERE account = @a AND box = @b ORDER BY hash",
            reader => reader.GetCondensationHash(0), cancellationToken, ("@a", account), ("@b", box));
    }

    public async Task ModifyAsync(IReadOnlyList<VerifiedObject> puts, IReadOnlyList<BoxEntry> additions, IReadOnlyList<BoxEntry> removals,
        DateTimeOffset? additionsExpireAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        // Rows in one order in every transaction, so that concurrent modifies of overlapping rows wait, not deadlock.
        foreach (var put in puts.OrderBy(put => put.Hash))
        {
            await connection.ExecuteAsync(transaction,
                """
                INSERT INTO cds_objects (hash, bytes, size, is_envelope, expires_at, touched_at) VALUES (@h, @bytes, @size, @envelope, @expires, @now)
                ON CONFLICT (hash) DO UPDATE SET touched_at = CASE WHEN cds_objects.touched_at > excluded.touched_at THEN cds_objects.touched_at ELSE excluded.touched_at END
                """,
                cancellationToken, ("@h", put.Hash), ("@bytes", put.Object.Bytes), ("@size", put.Facts.Size), ("@envelope", put.Facts.IsEnvelope),
                ("@expires", put.Facts.ExpiresAt), ("@now", at));
            foreach (var link in put.Object.Links.Distinct().Order())
            {
                await connection.ExecuteAsync(transaction, "INSERT INTO cds_object_links (hash, link) VALUES (@h, @l) ON CONFLICT DO NOTHING",
                    cancellationToken, ("@h", put.Hash), ("@l", link));
            }
        }

        foreach (var entry in InLockOrder(additions))
        {
            await connection.ExecuteAsync(transaction,
                """
                INSERT INTO cds_box_entries (account, box, hash, added_at, expires_at) VALUES (@a, @b, @h, @now, @expires)
                ON CONFLICT (account, box, hash) DO UPDATE SET expires_at = CASE WHEN excluded.expires_at IS NULL THEN NULL ELSE cds_box_entries.expires_at END
                """,
                cancellationToken, ("@a", entry.Account), ("@b", entry.Box), ("@h", entry.Hash), ("@now", at),
                ("@expires", additionsExpireAt?.ToUnixTimeMilliseconds()));
        }

        foreach (var entry in InLockOrder(removals))
        {
            await connection.ExecuteAsync(transaction, "DELETE FROM cds_box_entries WHERE account = @a AND box = @b AND hash = @h",
                cancellationToken, ("@a", entry.Account), ("@b", entry.Box), ("@h", entry.Hash));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<CollectionReport> CollectGarbageAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        CollectGarbageAsync(now, cutoff, afterMark: null, cancellationToken);

    /// <summary><paramref name="afterMark"/> runs between the unlocked walk and the sweep: tests write there to race a collection.</summary>
    internal async Task<CollectionReport> CollectGarbageAsync(
        DateTimeOffset now, DateTimeOffset cutoff, Func<Task>? afterMark, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        long expired;
        await using (var transaction = await BeginWriteAsync(connection, cancellationToken))
        {
            expired = await connection.ExecuteAsync(transaction,
                """
                DELETE FROM cds_box_entries WHERE expires_at < @now
                    OR (box = @messages AND hash IN (SELECT hash FROM cds_objects WHERE expires_at < @now))
                """,
                cancellationToken, ("@messages", BoxLabel.Messages), ("@now", now.ToUnixTimeMilliseconds()));
            await transaction.CommitAsync(cancellationToken);
        }

        var cutoffAt = cutoff.ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(null, "DROP TABLE IF EXISTS cds_marks", cancellationToken);
        await connection.ExecuteAsync(null, "CREATE TEMPORARY TABLE cds_marks (hash " + dialect.BytesType + " PRIMARY KEY)", cancellationToken);
        try
        {
            // The bulk of the walk, while writers go on.
            await connection.ExecuteAsync(null,
                $"""
                WITH RECURSIVE reachable(hash) AS (
                    SELECT hash FROM ({RootsSql}) AS roots
                    UNION
                    SELECT l.link FROM cds_object_links l JOIN reachable r ON l.hash = r.hash
                )
                INSERT INTO cds_marks (hash) SELECT hash FROM reachable
                """,
                cancellationToken, ("@cutoff", cutoffAt));
            if (afterMark is not null)
            {
                await afterMark();
            }

            await using var sweep = await connection.BeginTransactionAsync(cancellationToken);
            if (dialect.CondensationSweepLockSql is { } sweepLock)
            {
                await connection.ExecuteAsync(sweep, sweepLock, cancellationToken);
            }

            // What writers committed during the walk: new roots, and the links of objects put meanwhile, which the walk
            // may have marked before they arrived (as the link of a root) without walking their own links. Objects that
            // existed when the walk reached them had their links walked: links never change.
            await connection.ExecuteAsync(sweep,
                $"""
                WITH RECURSIVE fresh(hash) AS (
                    SELECT hash FROM (
                        SELECT r.hash FROM ({RootsSql}) AS r WHERE {Unmarked("r.hash")}
                        UNION
                        SELECT l.link FROM cds_object_links l JOIN cds_objects o ON o.hash = l.hash
                        WHERE o.touched_at >= @cutoff AND {Unmarked("l.link")}
                    ) AS seeds
                    UNION
                    SELECT l.link FROM cds_object_links l JOIN fresh f ON l.hash = f.hash WHERE {Unmarked("l.link")}
                )
                INSERT INTO cds_marks (hash) SELECT hash FROM fresh
                """,
                cancellationToken, ("@cutoff", cutoffAt));
            var garbage = $"touched_at < @cutoff AND {Unmarked("cds_objects.hash")}";
            await connection.ExecuteAsync(sweep, $"DELETE FROM cds_object_links WHERE hash IN (SELECT hash FROM cds_objects WHERE {garbage})",
                cancellationToken, ("@cutoff", cutoffAt));
            var removed = await connection.ExecuteAsync(sweep, $"DELETE FROM cds_objects WHERE {garbage}", cancellationToken, ("@cutoff", cutoffAt));
            await sweep.CommitAsync(cancellationToken);
            var kept = (await connection.QueryAsync(null, "SELECT COUNT(*) FROM cds_objects", reader => reader.GetInt64(0), cancellationToken))[0];
            return new CollectionReport(now, kept, removed, expired);
        }
        finally
        {
            await connection.ExecuteAsync(null, "DROP TABLE IF EXISTS cds_marks", CancellationToken.None);
        }
    }

    private static IEnumerable<BoxEntry> InLockOrder(IEnumerable<BoxEntry> entries) =>
        entries.OrderBy(entry => entry.Account).ThenBy(entry => entry.Box).ThenBy(entry => entry.Hash);

    /// <summary>An anti-join on the marks' primary key: it stays a lookup per row however many objects are marked.</summary>
    private static string Unmarked(string column) => $"NOT EXISTS (SELECT 1 FROM cds_marks m WHERE m.hash = {column})";

    private async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (dialect.CondensationWriteLockSql is { } writeLock)
        {
            await connection.ExecuteAsync(transaction, writeLock, cancellationToken);
        }

        return transaction;
    }
}
