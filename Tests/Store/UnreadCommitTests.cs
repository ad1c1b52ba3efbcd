using System.Diagnostics.Metrics;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Telemetry;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>
/// On PostgreSQL, a batch of creates in partitions the silo has written goes in one round trip, without reading first,
/// expecting each partition at the next sequence the silo's own last commit left. Whatever the database holds instead
/// (another writer's entries, a partition restored behind the silo, an object or sort key already there), the batch is
/// refused, goes again reading first, and every caller gets the outcome reading first gives: the log stays gap-free.
/// SQLite always reads first, in the process.
/// </summary>
public abstract class UnreadCommitTests(ClusterFixture fixture) : StoreTestBase(fixture)
{
    private bool SendsUnread => Store.SiloService<StorageDialect>().SendsCreatesUnread;

    private PreparedWrite Create(Partition partition, string sortKey, string payload = "payload") => Prepare(Draft(partition, sortKey, payload).ToJson());

    [Fact]
    public async Task Creates_in_a_partition_the_silo_wrote_go_unread_and_keep_the_log_gap_free()
    {
        var partition = await NewPartitionAsync();
        await CreateAsync(partition, "first");
        using var unread = new UnreadCommits(Store.SiloService<ObjectStoreMetrics>());

        var outcomes = await Storage.CommitBatchAsync([[Create(partition, "second")], [Create(partition, "third"), Create(partition, "fourth")]],
            writer: null, CancellationToken.None);

        Assert.Equal([2L, 3L, 4L], outcomes.SelectMany(outcome => outcome.ResultsOrThrow()).Select(result => result.Object.Sequence));
        await AssertLogAsync(partition, 4);
        Assert.Equal(SendsUnread ? (1, 0) : (0, 0), unread.Counts);
    }

    [Fact]
    public async Task A_partition_another_writer_moved_is_read_again_and_its_log_stays_gap_free()
    {
        var partition = await NewPartitionAsync();
        await CreateAsync(partition, "first");
        await MoveAsAnotherWriterAsync(partition, ExecuteAsync);
        using var unread = new UnreadCommits(Store.SiloService<ObjectStoreMetrics>());

        var stored = await Storage.CommitAsync([Create(partition, "second")], writer: null, CancellationToken.None);

        Assert.Equal(3, Assert.Single(stored).Object.Sequence);
        await AssertLogAsync(partition, 3);
        Assert.Equal(SendsUnread ? (0, 1) : (0, 0), unread.Counts);
    }

    [Fact]
    public async Task A_partition_restored_behind_the_silo_is_read_again_without_a_gap()
    {
        // A restore from a backup taken before the first write: the silo's own commit is gone from the database. Only
        // the expected sequence tells: no key of the new write collides with anything.
        var partition = await NewPartitionAsync();
        await CreateAsync(partition, "first");
        foreach (var table in new[] { "os_log", "os_current", "os_heads", "os_objects" })
        {
            await ExecuteAsync($"DELETE FROM {table} WHERE partition_hash = @p", ("@p", partition.PartitionHash));
        }

        await ExecuteAsync("UPDATE os_partitions SET next_sequence = 1 WHERE partition_hash = @p", ("@p", partition.PartitionHash));
        using var unread = new UnreadCommits(Store.SiloService<ObjectStoreMetrics>());

        var stored = await Storage.CommitAsync([Create(partition, "second")], writer: null, CancellationToken.None);

        Assert.Equal(1, Assert.Single(stored).Object.Sequence);
        await AssertLogAsync(partition, 1);
        Assert.Equal(SendsUnread ? (0, 1) : (0, 0), unread.Counts);
    }

    [Fact]
    public async Task Creates_of_what_is_already_there_get_the_outcomes_of_reading_first()
    {
        var partition = await NewPartitionAsync();
        var first = await CreateAsync(partition, "taken", "first");
        using var unread = new UnreadCommits(Store.SiloService<ObjectStoreMetrics>());

        var again = await Storage.CommitBatchAsync([[Create(partition, "taken", "first")], [Create(partition, "free")]], writer: null, CancellationToken.None);
        var held = await Storage.CommitBatchAsync([[Create(partition, "taken", "another")], [Create(partition, "also free")]], writer: null, CancellationToken.None);

        var stored = Assert.Single(again[0].ResultsOrThrow());
        Assert.Equal((true, first.AbsoluteHash, 1L), (stored.AlreadyStored, stored.Object.AbsoluteHash, stored.Object.Sequence));
        Assert.Equal(2, Assert.Single(again[1].ResultsOrThrow()).Object.Sequence);
        Assert.IsType<DuplicateSortKeyException>(held[0].Error);
        Assert.Equal(3, Assert.Single(held[1].ResultsOrThrow()).Object.Sequence);
        await AssertLogAsync(partition, 3);
        Assert.Equal(SendsUnread ? (0, 2) : (0, 0), unread.Counts);
    }

    [Fact]
    public async Task A_partition_another_writer_moves_while_the_batch_waits_for_its_lock_is_read_again()
    {
        // The batch's first statement waits for the row lock; once the other writer commits, PostgreSQL checks the row
        // again as the other writer left it, finds the partition past the sequence expected, and refuses the batch.
        var partition = await NewPartitionAsync();
        await CreateAsync(partition, "first");
        using var unread = new UnreadCommits(Store.SiloService<ObjectStoreMetrics>());
        Task<IReadOnlyList<StoreResult>> late;
        await using (var held = await PartitionLock.TakeAsync(Store, partition.PartitionHash))
        {
            await MoveAsAnotherWriterAsync(partition, held.ExecuteAsync);
            late = Storage.CommitAsync([Create(partition, "second")], writer: null, CancellationToken.None);
            await held.WaitUntilWaitedForAsync();
            await held.CommitAsync();
        }

        Assert.Equal(3, Assert.Single(await late).Object.Sequence);
        await AssertLogAsync(partition, 3);
        Assert.Equal(SendsUnread ? (0, 1) : (0, 0), unread.Counts);
    }

    [Fact]
    public async Task An_object_stored_before_whose_sort_key_the_batch_takes_is_answered_as_stored()
    {
        // Only the database knows the object is there, its sort key freed by a newer version: against an empty state
        // the second create would lose the key to the first, and not even reach the database to be refused.
        var (units, unit) = (await NewPartitionAsync(), await NewPartitionAsync());
        var stored = new Dictionary<Partition, StoredObject>();
        foreach (var partition in new[] { units, unit })
        {
            stored[partition] = await CreateAsync(partition, "key", "moved");
            await Client.UpdateAsync(Owner, stored[partition], Draft(partition, "elsewhere", "moved on"));
        }

        var outcomes = await Storage.CommitBatchAsync([[Create(units, "key", "newcomer")], [Create(units, "key", "moved")]], writer: null, CancellationToken.None);
        var together = await Storage.CommitAsync([Create(unit, "key", "newcomer"), Create(unit, "key", "moved")], writer: null, CancellationToken.None);

        foreach (var (partition, results) in new[] { (units, outcomes.SelectMany(outcome => outcome.ResultsOrThrow()).ToList()), (unit, together.ToList()) })
        {
            Assert.Equal([(false, 3L), (true, 1L)], results.Select(result => (result.AlreadyStored, result.Object.Sequence)));
            Assert.Equal(stored[partition].AbsoluteHash, results[1].Object.AbsoluteHash);
            await AssertLogAsync(partition, 3);
        }
    }

    [Fact]
    public async Task A_batch_over_more_partitions_than_one_statement_takes_commits_whole_and_goes_unread_next_time()
    {
        // One partition more than a statement of a batch takes (BatchReads.ChunkSize): the reads, the expectation and each
        // table's writes go in two statements, the expectation's locks still in hash order across them.
        var run = Guid.NewGuid().ToString("N");
        var partitions = Enumerable.Range(0, BatchReads.ChunkSize + 1)
            .Select(i => new Partition(TestHashes.Of($"wide/{run}/{i}"), new PartitionId($"wide-{run}-{i}", Owner), [])).ToList();
        var rows = partitions.Select((partition, i) => $"(@h{i}, @n{i}, @o, @h{i}, 1)");
        await ExecuteAsync($"INSERT INTO os_partitions (partition_hash, name, owner_id, canonical_id, next_sequence) VALUES {string.Join(", ", rows)}",
            [("@o", Owner), .. partitions.SelectMany((partition, i) => new (string, object?)[] { ($"@h{i}", partition.PartitionHash), ($"@n{i}", partition.Id.Name) })]);
        List<IReadOnlyList<PreparedWrite>> Creates(string sortKey) => [.. partitions.Select(partition => (IReadOnlyList<PreparedWrite>)[Create(partition, sortKey)])];

        var first = await Storage.CommitBatchAsync(Creates("first"), writer: null, CancellationToken.None);
        using var unread = new UnreadCommits(Store.SiloService<ObjectStoreMetrics>());
        var second = await Storage.CommitBatchAsync(Creates("second"), writer: null, CancellationToken.None);

        Assert.All(first, outcome => Assert.Equal(1, Assert.Single(outcome.ResultsOrThrow()).Object.Sequence));
        Assert.All(second, outcome => Assert.Equal(2, Assert.Single(outcome.ResultsOrThrow()).Object.Sequence));
        await AssertLogAsync(partitions[0], 2);
        await AssertLogAsync(partitions[^1], 2);
        Assert.Equal(SendsUnread ? (1, 0) : (0, 0), unread.Counts);
    }

    private async Task AssertLogAsync(Partition partition, int entries)
    {
        var log = await Storage.PageLogAsync(partition.PartitionHash, null, true, 100, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, entries).Select(sequence => (long)sequence), log.Select(entry => entry.Sequence));
        Assert.Equal(entries + 1, await Storage.GetNextSequenceAsync(partition.PartitionHash, CancellationToken.None));
    }

    /// <summary>What another writer's commit leaves in <paramref name="partition"/>, one entry past the silo's: the entry at 2, the next sequence 3.</summary>
    private static async Task MoveAsAnotherWriterAsync(Partition partition, Func<string, (string Name, object? Value)[], Task> execute)
    {
        await execute(
            """
            INSERT INTO os_log (partition_hash, sequence, absolute_hash, base_hash, sort_key, kind, created_key, committed_at)
            VALUES (@p, 2, @h, @h, 'elsewhere', 0, '2020-01-01T00:00:00.000000000Z', 0)
            """,
            [("@p", partition.PartitionHash), ("@h", TestHashes.Of($"another writer/{partition.PartitionHash}"))]);
        await execute("UPDATE os_partitions SET next_sequence = 3 WHERE partition_hash = @p", [("@p", partition.PartitionHash)]);
    }

    private async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await Store.SiloService<StorageDialect>().DataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(null, sql, CancellationToken.None, parameters);
    }

    /// <summary>One silo's unread commits, by outcome, since the listener was made.</summary>
    private sealed class UnreadCommits : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _committed;
        private int _refused;

        public UnreadCommits(ObjectStoreMetrics metrics)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == ObjectStoreMetrics.UnreadCommitsName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "outcome", Value: "refused" })
                    {
                        Interlocked.Increment(ref _refused);
                        return;
                    }
                }

                Interlocked.Increment(ref _committed);
            });
            _listener.Start();
        }

        public (int Committed, int Refused) Counts => (Volatile.Read(ref _committed), Volatile.Read(ref _refused));

        public void Dispose() => _listener.Dispose();
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteUnreadCommitTests(SqliteClusterFixture fixture) : UnreadCommitTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresUnreadCommitTests(PostgresClusterFixture fixture) : UnreadCommitTests(fixture);
