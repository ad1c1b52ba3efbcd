using System.Data.Common;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Storage;

/// <summary>
/// The writes of one database transaction. It locks every partition it touches (in hash order, so that two
/// transactions never wait on each other in a cycle), hands out the partitions' next sequence numbers, and checks
/// each write against the database: the current version for the optimistic check, the current index for sort-key
/// uniqueness. A failed check throws, and the caller's transaction rolls back whole.
/// </summary>
internal sealed class WriteCommit(DbConnection connection, DbTransaction transaction, StorageDialect dialect)
{
    private readonly Dictionary<Hash, long> _nextSequence = [];

    public async Task<IReadOnlyList<StoreResult>> ApplyAsync(IReadOnlyList<PreparedWrite> writes, long? writer, CancellationToken cancellationToken)
    {
        await LockPartitionsAsync(writes.Select(write => write.PartitionHash), cancellationToken);
        if (writer is { } user)
        {
            await CheckWriterAsync(user, cancellationToken);
        }

        var results = new List<StoreResult>(writes.Count);
        foreach (var write in writes)
        {
            results.Add(await ApplyAsync(write, cancellationToken));
        }

        await SaveSequencesAsync(cancellationToken);
        return results;
    }

    public async Task<IReadOnlyList<LogEntry>> PurgeAsync(Hash partitionHash, IReadOnlyList<Hash> baseHashes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await LockPartitionsAsync([partitionHash], cancellationToken);
        var purged = new List<LogEntry>();
        foreach (var baseHash in baseHashes)
        {
            var head = await ReadHeadAsync(baseHash, cancellationToken);
            if (head is null || head.PartitionHash != partitionHash || head.PurgeAt is not { } purgeAt || purgeAt > now.ToUnixTimeMilliseconds())
            {
                continue;
            }

            await RemoveSeriesAsync(baseHash, head, cancellationToken);
            var sequence = await AppendLogAsync(partitionHash, head.CurrentHash, baseHash, head.SortKey, ObjectKind.PhysicalDelete, cancellationToken);
            purged.Add(new LogEntry(sequence, head.CurrentHash, baseHash, head.SortKey, ObjectKind.PhysicalDelete, Object: null));
        }

        await SaveSequencesAsync(cancellationToken);
        return purged;
    }

    private async Task<StoreResult> ApplyAsync(PreparedWrite write, CancellationToken cancellationToken)
    {
        var existing = await connection.QueryAsync(transaction,
            $"SELECT {DbCommands.ObjectColumns} FROM os_objects o WHERE o.absolute_hash = @h",
            reader => reader.ReadObject(), cancellationToken, ("@h", write.AbsoluteHash));
        if (existing.Count > 0)
        {
            return new StoreResult(existing[0], AlreadyStored: true);
        }

        string? previousSortKey = null;
        if (write.IsCreate)
        {
            await CreateSeriesAsync(write, cancellationToken);
        }
        else
        {
            var head = await CheckNewVersionAsync(write, cancellationToken);
            previousSortKey = string.Equals(head.SortKey, write.SortKey, StringComparison.Ordinal) ? null : head.SortKey;
            if (write.Kind == ObjectKind.PhysicalDelete)
            {
                await RemoveSeriesAsync(write.SeriesHash, head, cancellationToken);
                var sequence = await AppendLogAsync(write, previousSortKey, cancellationToken, tombstone: write.Canonical);
                return new StoreResult(ToStoredObject(write, sequence), AlreadyStored: false, previousSortKey);
            }

            await MoveHeadAsync(write, head, cancellationToken);
        }

        var logged = await AppendLogAsync(write, previousSortKey, cancellationToken);
        await connection.ExecuteAsync(transaction,
            """
            INSERT INTO os_objects (absolute_hash, base_hash, partition_hash, sort_key, kind, sequence, body)
            VALUES (@h, @b, @p, @k, @kind, @seq, @body)
            """,
            cancellationToken, ("@h", write.AbsoluteHash), ("@b", write.SeriesHash), ("@p", write.PartitionHash), ("@k", write.SortKey),
            ("@kind", (short)write.Kind), ("@seq", logged), ("@body", write.Canonical));
        return new StoreResult(ToStoredObject(write, logged), AlreadyStored: false, previousSortKey);
    }

    private async Task CreateSeriesAsync(PreparedWrite write, CancellationToken cancellationToken)
    {
        await TakeSortKeyAsync(write, cancellationToken);
        await connection.ExecuteAsync(transaction,
            """
            INSERT INTO os_heads (base_hash, partition_hash, current_hash, sort_key, kind, owner_id, thread_id, purge_at)
            VALUES (@b, @p, @h, @k, @kind, @owner, @thread, @purge)
            """,
            cancellationToken, ("@b", write.SeriesHash), ("@p", write.PartitionHash), ("@h", write.AbsoluteHash), ("@k", write.SortKey),
            ("@kind", (short)write.Kind), ("@owner", write.Owner), ("@thread", write.ThreadId), ("@purge", write.PurgeDate?.ToUnixTimeMilliseconds()));
    }

    private async Task<Head> CheckNewVersionAsync(PreparedWrite write, CancellationToken cancellationToken)
    {
        // A series in another partition is answered as a missing one: the writer may know nothing of that partition,
        // and naming it would tell them where someone else's object lives.
        var head = await ReadHeadAsync(write.SeriesHash, cancellationToken);
        if (head is null || head.PartitionHash != write.PartitionHash)
        {
            throw new NotFoundException($"There is no object with baseHash {write.SeriesHash} in partition {write.PartitionHash}.");
        }

        // The current hash is not named: a user who may WRITE but not READ would learn of a version they cannot read.
        if (head.CurrentHash != write.PrevHash)
        {
            throw new VersionConflictException($"prevHash {write.PrevHash} is not the current version of {write.SeriesHash}.");
        }

        // A DeletedApplicationObject has no threadId in the model, and Symphony's clients send none.
        if (write.Kind == ObjectKind.Stored && !string.Equals(head.ThreadId, write.ThreadId, StringComparison.Ordinal))
        {
            throw new InvalidInputException("The object's threadId cannot change between versions.");
        }

        if (write.PrevSortKey is { } prevSortKey && !string.Equals(prevSortKey, head.SortKey, StringComparison.Ordinal))
        {
            throw new InvalidInputException($"prevSortKey '{prevSortKey}' is not the sort key of the current version ('{head.SortKey}').");
        }

        return head;
    }

    private async Task MoveHeadAsync(PreparedWrite write, Head head, CancellationToken cancellationToken)
    {
        if (head.Kind == ObjectKind.Stored)
        {
            await ReleaseSortKeyAsync(write.PartitionHash, head.SortKey, write.SeriesHash, cancellationToken);
        }

        if (write.Kind == ObjectKind.Stored)
        {
            await TakeSortKeyAsync(write, cancellationToken);
        }

        await connection.ExecuteAsync(transaction,
            "UPDATE os_heads SET current_hash = @h, sort_key = @k, kind = @kind, purge_at = @purge WHERE base_hash = @b",
            cancellationToken, ("@h", write.AbsoluteHash), ("@k", write.SortKey), ("@kind", (short)write.Kind),
            ("@purge", write.PurgeDate?.ToUnixTimeMilliseconds()), ("@b", write.SeriesHash));
    }

    private async Task TakeSortKeyAsync(PreparedWrite write, CancellationToken cancellationToken)
    {
        var inserted = await connection.ExecuteAsync(transaction,
            """
            INSERT INTO os_current (partition_hash, sort_key, base_hash, absolute_hash) VALUES (@p, @k, @b, @h)
            ON CONFLICT (partition_hash, sort_key) DO NOTHING
            """,
            cancellationToken, ("@p", write.PartitionHash), ("@k", write.SortKey), ("@b", write.SeriesHash), ("@h", write.AbsoluteHash));
        if (inserted == 0)
        {
            throw new DuplicateSortKeyException($"Another current object in partition {write.PartitionHash} has the sort key '{write.SortKey}'.");
        }
    }

    private Task ReleaseSortKeyAsync(Hash partitionHash, string sortKey, Hash baseHash, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(transaction, "DELETE FROM os_current WHERE partition_hash = @p AND sort_key = @k AND base_hash = @b",
            cancellationToken, ("@p", partitionHash), ("@k", sortKey), ("@b", baseHash));

    private async Task RemoveSeriesAsync(Hash baseHash, Head head, CancellationToken cancellationToken)
    {
        await ReleaseSortKeyAsync(head.PartitionHash, head.SortKey, baseHash, cancellationToken);
        await connection.ExecuteAsync(transaction, "DELETE FROM os_objects WHERE base_hash = @b", cancellationToken, ("@b", baseHash));
        await connection.ExecuteAsync(transaction, "DELETE FROM os_heads WHERE base_hash = @b", cancellationToken, ("@b", baseHash));
    }

    private async Task<Head?> ReadHeadAsync(Hash baseHash, CancellationToken cancellationToken)
    {
        var heads = await connection.QueryAsync(transaction,
            "SELECT partition_hash, current_hash, sort_key, kind, thread_id, purge_at FROM os_heads WHERE base_hash = @b",
            reader => new Head(reader.GetHash(0), reader.GetHash(1), reader.GetString(2), (ObjectKind)reader.GetInt16(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt64(5)),
            cancellationToken, ("@b", baseHash));
        return heads.Count == 0 ? null : heads[0];
    }

    private async Task LockPartitionsAsync(IEnumerable<Hash> partitionHashes, CancellationToken cancellationToken)
    {
        foreach (var partitionHash in partitionHashes.Distinct().Order())
        {
            var next = await connection.QueryAsync(transaction, dialect.LockPartitionSql, reader => reader.GetInt64(0), cancellationToken, ("@p", partitionHash));
            if (next.Count == 0)
            {
                throw new NotFoundException($"There is no partition {partitionHash}.");
            }

            _nextSequence[partitionHash] = next[0];
        }
    }

    /// <summary>Checked after the locks are taken, so that a permission revoked before this commit is seen by it.</summary>
    private async Task CheckWriterAsync(long user, CancellationToken cancellationToken)
    {
        foreach (var partitionHash in _nextSequence.Keys)
        {
            var access = await connection.QueryAsync(transaction,
                """
                SELECT p.owner_id, u.permissions FROM os_partitions p
                LEFT JOIN os_permissions u ON u.partition_hash = p.partition_hash AND u.user_id = @u
                WHERE p.partition_hash = @p
                """,
                reader => (Owner: reader.GetInt64(0), Permissions: reader.IsDBNull(1) ? Permission.None : (Permission)reader.GetInt32(1)),
                cancellationToken, ("@p", partitionHash), ("@u", user));
            PartitionAccess.Demand(PartitionAccess.Of(user, access[0].Owner, access[0].Permissions), Permission.Write, user, partitionHash);
        }
    }

    /// <param name="tombstone">The body of a physical delete, which has no row in os_objects: the log keeps it for feeds.</param>
    private Task<long> AppendLogAsync(PreparedWrite write, string? previousSortKey, CancellationToken cancellationToken, byte[]? tombstone = null) =>
        AppendLogAsync(write.PartitionHash, write.AbsoluteHash, write.SeriesHash, write.SortKey, write.Kind, cancellationToken, tombstone, previousSortKey);

    private async Task<long> AppendLogAsync(
        Hash partitionHash, Hash absoluteHash, Hash baseHash, string sortKey, ObjectKind kind, CancellationToken cancellationToken,
        byte[]? tombstone = null, string? previousSortKey = null)
    {
        var sequence = _nextSequence[partitionHash]++;
        await connection.ExecuteAsync(transaction,
            """
            INSERT INTO os_log (partition_hash, sequence, absolute_hash, base_hash, sort_key, kind, tombstone, previous_sort_key)
            VALUES (@p, @seq, @h, @b, @k, @kind, @tombstone, @previous)
            """,
            cancellationToken, ("@p", partitionHash), ("@seq", sequence), ("@h", absoluteHash), ("@b", baseHash), ("@k", sortKey), ("@kind", (short)kind),
            ("@tombstone", tombstone), ("@previous", previousSortKey));
        return sequence;
    }

    private async Task SaveSequencesAsync(CancellationToken cancellationToken)
    {
        foreach (var (partitionHash, next) in _nextSequence)
        {
            await connection.ExecuteAsync(transaction, "UPDATE os_partitions SET next_sequence = @next WHERE partition_hash = @p",
                cancellationToken, ("@next", next), ("@p", partitionHash));
        }
    }

    private static StoredObject ToStoredObject(PreparedWrite write, long sequence) =>
        new(write.AbsoluteHash, write.SeriesHash, write.PartitionHash, write.SortKey, write.Kind, sequence, write.Canonical);

    private sealed record Head(Hash PartitionHash, Hash CurrentHash, string SortKey, ObjectKind Kind, string? ThreadId, long? PurgeAt);
}
