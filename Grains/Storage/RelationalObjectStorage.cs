using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ObjectStore.Errors;
using ObjectStore.Hosting;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;
using ObjectStore.Telemetry;

namespace ObjectStore.Storage;

/// <summary>The store's SQL, shared by PostgreSQL and SQLite; <see cref="StorageDialect"/> holds the differences.</summary>
/// <param name="clock">The store's clock: the commit time each log entry records (where a feed's start at a time finds it).</param>
public sealed class RelationalObjectStorage(
    StorageDialect dialect, [FromKeyedServices(ObjectStoreClock.ServiceKey)] TimeProvider clock, ObjectStoreMetrics metrics, ObjectStoreTracing tracing) : IObjectStorage
{
    private readonly KnownSequences _known = new();

    private DbDataSource DataSource => dialect.DataSource;

    public async Task<PartitionRecord?> GetPartitionAsync(Hash partitionHash, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var partitions = await connection.QueryAsync(null,
            "SELECT name, owner_id, canonical_id FROM os_partitions WHERE partition_hash = @p",
            reader => (Id: new PartitionId(reader.GetString(0), reader.GetInt64(1)), Canonical: reader.GetFieldValue<byte[]>(2)),
            cancellationToken, ("@p", partitionHash));
        if (partitions.Count == 0)
        {
            return null;
        }

        var permissions = await connection.QueryAsync(null,
            "SELECT user_id, permissions FROM os_permissions WHERE partition_hash = @p",
            reader => (UserId: reader.GetInt64(0), Permissions: (Permission)reader.GetInt32(1)),
            cancellationToken, ("@p", partitionHash));
        return new PartitionRecord(partitionHash, partitions[0].Id, partitions[0].Canonical,
            permissions.ToDictionary(row => row.UserId, row => row.Permissions));
    }

    public async Task UpsertPartitionAsync(PartitionRecord partition, IReadOnlyList<UserPermissions> changes, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(transaction,
            """
            INSERT INTO os_partitions (partition_hash, name, owner_id, canonical_id, next_sequence)
            VALUES (@p, @name, @owner, @id, 1) ON CONFLICT (partition_hash) DO NOTHING
            """,
            cancellationToken, ("@p", partition.PartitionHash), ("@name", partition.Id.Name), ("@owner", partition.Id.UserId), ("@id", partition.CanonicalId));
        foreach (var change in changes)
        {
            if (change.Permissions == Permission.None)
            {
                await connection.ExecuteAsync(transaction, "DELETE FROM os_permissions WHERE partition_hash = @p AND user_id = @u",
                    cancellationToken, ("@p", partition.PartitionHash), ("@u", change.UserId));
            }
            else
            {
                await connection.ExecuteAsync(transaction,
                    """
                    INSERT INTO os_permissions (partition_hash, user_id, permissions) VALUES (@p, @u, @perm)
                    ON CONFLICT (partition_hash, user_id) DO UPDATE SET permissions = excluded.permissions
                    """,
                    cancellationToken, ("@p", partition.PartitionHash), ("@u", change.UserId), ("@perm", (int)change.Permissions));
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoreResult>> CommitAsync(IReadOnlyList<PreparedWrite> writes, long? writer, CancellationToken cancellationToken) =>
        (await CommitBatchAsync([writes], writer, cancellationToken))[0].ResultsOrThrow();

    public Task<IReadOnlyList<UnitOutcome>> CommitBatchAsync(IReadOnlyList<IReadOnlyList<PreparedWrite>> units, long? writer, CancellationToken cancellationToken) =>
        dialect.BlocksCallingThread
            ? Task.Run(() => CommitOnConnectionAsync(units, writer, cancellationToken), cancellationToken)
            : CommitOnConnectionAsync(units, writer, cancellationToken);

    /// <summary>
    /// A batch of creates only, in partitions whose next sequence this silo knows from its own last commit there, goes
    /// in one round trip: no reads, its writes checked by the database alone, under the expectation that each partition
    /// is still at that sequence (<see cref="StorageDialect.ExpectSequencesSql"/>). Where the database refuses it
    /// (another writer moved a partition, or an object, series or sort key is already there), nothing of it was stored
    /// and no caller was answered, so it goes again the careful way, reading first, and its units get their outcomes
    /// from what the database holds. Any other batch reads first.
    /// </summary>
    private async Task<IReadOnlyList<UnitOutcome>> CommitOnConnectionAsync(IReadOnlyList<IReadOnlyList<PreparedWrite>> units, long? writer, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var writes = units.SelectMany(unit => unit).ToList();
        var partitions = writes.Select(write => write.PartitionHash).Distinct().ToList();
        using var span = tracing.StartTransaction(dialect.Provider, writes.Count);
        try
        {
            if (dialect.SendsCreatesUnread && writer is null && writes.All(write => write.IsCreate) && _known.TryGetAll(partitions, out var expected))
            {
                try
                {
                    if (await TryCommitUnreadAsync(units, expected, started, cancellationToken) is { } outcomes)
                    {
                        metrics.UnreadCommit(refused: false);
                        return outcomes;
                    }
                }
                catch (DbException refused) when (dialect.RefusedUnread(refused))
                {
                    metrics.UnreadCommit(refused: true);
                    _known.Forget(partitions);
                }
            }

            return await CommitReadingFirstAsync(units, writes, partitions, writer, started, cancellationToken);
        }
        catch
        {
            _known.Forget(partitions);
            throw;
        }
    }

    /// <returns>
    /// Null, with nothing sent, when a unit fails its checks against the empty state: against the database's it may pass
    /// (an object stored before, whose sort key another unit of the batch takes, is answered as already stored).
    /// </returns>
    private async Task<IReadOnlyList<UnitOutcome>?> TryCommitUnreadAsync(
        IReadOnlyList<IReadOnlyList<PreparedWrite>> units, IReadOnlyDictionary<Hash, long> expected, long started, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var state = BatchState.Unread(expected, SequenceInstant.Of(now));
        var outcomes = units.Select(unit => Apply(state, unit, writer: null)).ToList();
        if (outcomes.Any(outcome => outcome.Error is not null))
        {
            return null;
        }

        var expectations = SqlLists.Chunked([.. expected.OrderBy(pair => pair.Key)], BatchReads.ChunkSize, (part, sql) => dialect.ExpectSequencesSql(
            sql.Table(part, "expected", new SetColumn<KeyValuePair<Hash, long>>("bytea", pair => pair.Key), new("int8", pair => pair.Value)),
            sql.Add((long)part.Count())), dialect.SendsArrays);
        await using var connection = await dialect.WriteDataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BatchTransaction.BeginAsync(connection, dialect, cancellationToken);
        await transaction.CommitAsync([.. expectations, .. BatchWrites.Of(state, now, dialect.SendsArrays)], cancellationToken);
        Committed(state, units, outcomes, started);
        return outcomes;
    }

    private async Task<IReadOnlyList<UnitOutcome>> CommitReadingFirstAsync(
        IReadOnlyList<IReadOnlyList<PreparedWrite>> units, IReadOnlyList<PreparedWrite> writes, IReadOnlyList<Hash> partitions, long? writer, long started, CancellationToken cancellationToken)
    {
        // A transaction across partitions (a writer named) takes a session of the connection string's pool: in the silo's
        // few commit sessions, many of them waiting for a busy partition's lock would hold up the partition grains' commits.
        await using var connection = await (writer is null ? dialect.WriteDataSource : DataSource).OpenConnectionAsync(cancellationToken);
        await using var transaction = await BatchTransaction.BeginAsync(connection, dialect, cancellationToken);
        var now = clock.GetUtcNow();
        var state = await BatchReads.ReadAsync(transaction, dialect, partitions, writes, [], writer, SequenceInstant.Of(now), cancellationToken);
        var outcomes = units.Select(unit => Apply(state, unit, writer)).ToList();
        await transaction.CommitAsync(BatchWrites.Of(state, now, dialect.SendsArrays), cancellationToken);
        Committed(state, units, outcomes, started);
        return outcomes;
    }

    /// <param name="started">The <see cref="Stopwatch"/> timestamp at which the batch began, before any attempt refused.</param>
    private void Committed(BatchState state, IReadOnlyList<IReadOnlyList<PreparedWrite>> units, IReadOnlyList<UnitOutcome> outcomes, long started)
    {
        Remember(state);
        metrics.Committed(
            [.. units.Zip(outcomes).Where(unit => unit.Second.Error is null).SelectMany(unit => unit.First).Select(write => write.Canonical.Length)],
            Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Where batches of creates may go unread: the next sequences a committed transaction left.</summary>
    private void Remember(BatchState state)
    {
        if (dialect.SendsCreatesUnread)
        {
            _known.Remember(state.NextSequences);
        }
    }

    private static UnitOutcome Apply(BatchState state, IReadOnlyList<PreparedWrite> unit, long? writer)
    {
        try
        {
            return new UnitOutcome(state.Apply(unit, writer), Error: null);
        }
        catch (ObjectStoreException e)
        {
            return new UnitOutcome(Results: null, e);
        }
    }

    public async Task<StoredObject?> GetObjectAsync(Hash absoluteHash, CancellationToken cancellationToken) =>
        await QuerySingleObjectAsync($"SELECT {DbCommands.ObjectColumns} FROM os_objects o WHERE o.absolute_hash = @h",
            cancellationToken, ("@h", absoluteHash));

    public async Task<StoredObject?> GetCurrentAsync(Hash baseHash, CancellationToken cancellationToken) =>
        await QuerySingleObjectAsync(
            $"SELECT {DbCommands.ObjectColumns} FROM os_heads h JOIN os_objects o ON o.absolute_hash = h.current_hash WHERE h.base_hash = @b",
            cancellationToken, ("@b", baseHash));

    public async Task<StoredObject?> GetBySortKeyAsync(Hash partitionHash, string sortKey, CancellationToken cancellationToken) =>
        await QuerySingleObjectAsync(
            $"SELECT {DbCommands.ObjectColumns} FROM os_current c JOIN os_objects o ON o.absolute_hash = c.absolute_hash WHERE c.partition_hash = @p AND c.sort_key = @k",
            cancellationToken, ("@p", partitionHash), ("@k", sortKey));

    public async Task<IReadOnlyList<StoredObject>> PageVersionsAsync(Hash baseHash, long? afterSequence, bool forwards, int limit, CancellationToken cancellationToken)
    {
        var (comparison, order) = forwards ? (">", "ASC") : ("<", "DESC");
        var cursor = afterSequence is null ? "" : $"AND o.sequence {comparison} @after";
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync(null,
            $"SELECT {DbCommands.ObjectColumns} FROM os_objects o WHERE o.base_hash = @b {cursor} ORDER BY o.sequence {order} LIMIT @limit",
            reader => reader.ReadObject(), cancellationToken, ("@b", baseHash), ("@after", afterSequence), ("@limit", limit));
    }

    public async Task<IReadOnlyList<StoredObject>> PageCurrentAsync(Hash partitionHash, SortKeyRange range, bool forwards, int limit, CancellationToken cancellationToken)
    {
        var (after, order) = forwards ? (">", "ASC") : ("<", "DESC");
        var conditions = new List<string> { "c.partition_hash = @p" };
        if (range.Min is not null)
        {
            conditions.Add("c.sort_key > @min");
        }

        if (range.Max is not null)
        {
            conditions.Add("c.sort_key <= @max");
        }

        if (range.Prefix is not null)
        {
            // The range condition lets the primary key find the first match; substr keeps the exact prefix semantics.
            conditions.Add("c.sort_key >= @prefix AND substr(c.sort_key, 1, length(@prefix)) = @prefix");
        }

        if (range.ExclusiveFrom is not null)
        {
            conditions.Add($"c.sort_key {after} @from");
        }

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync(null,
            $"""
            SELECT {DbCommands.ObjectColumns} FROM os_current c JOIN os_objects o ON o.absolute_hash = c.absolute_hash
            WHERE {string.Join(" AND ", conditions)} ORDER BY c.sort_key {order} LIMIT @limit
            """,
            reader => reader.ReadObject(), cancellationToken,
            ("@p", partitionHash), ("@min", range.Min), ("@max", range.Max), ("@prefix", range.Prefix), ("@from", range.ExclusiveFrom), ("@limit", limit));
    }

    public async Task<long> GetNextSequenceAsync(Hash partitionHash, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var next = await connection.QueryAsync(null, "SELECT next_sequence FROM os_partitions WHERE partition_hash = @p",
            reader => reader.GetInt64(0), cancellationToken, ("@p", partitionHash));
        return next.Count == 0 ? 1 : next[0];
    }

    public async Task<IReadOnlyList<LogEntry>> PageLogAsync(Hash partitionHash, long? afterSequence, bool forwards, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await RelationalSequenceStorage.PageLogAsync(connection, partitionHash, SequenceBounds.None, afterSequence, forwards, limit, cancellationToken);
    }

    public async Task<IReadOnlyList<ExpiredSeries>> FindExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync(null,
            "SELECT partition_hash, base_hash FROM os_heads WHERE purge_at IS NOT NULL AND purge_at <= @now ORDER BY purge_at LIMIT @limit",
            reader => new ExpiredSeries(reader.GetHash(0), reader.GetHash(1)),
            cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@limit", limit));
    }

    public async Task<IReadOnlyList<LogEntry>> PurgeAsync(Hash partitionHash, IReadOnlyList<Hash> baseHashes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.WriteDataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BatchTransaction.BeginAsync(connection, dialect, cancellationToken);
        var state = await BatchReads.ReadAsync(transaction, dialect, [partitionHash], [], baseHashes, writer: null, SequenceInstant.Of(now), cancellationToken);
        var purged = state.Purge(partitionHash, baseHashes, now);
        await transaction.CommitAsync(BatchWrites.Of(state, now, dialect.SendsArrays), cancellationToken);
        Remember(state);
        return purged;
    }

    /// <summary>The time a transaction commits at, as sequences order it: the place of its versions that carry no createdDate.</summary>
    private async Task<StoredObject?> QuerySingleObjectAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync(null, sql, reader => reader.ReadObject(), cancellationToken, parameters);
        return rows.Count == 0 ? null : rows[0];
    }
}
