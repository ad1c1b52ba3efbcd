using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;
using ObjectStore.Tests.Store;

namespace ObjectStore.Tests.Partitions;

/// <summary>
/// Group commit through the real store: writes that queue while a partition's commit is in flight go together in its
/// next transaction, each failing alone on its own check. A test makes a batch's contents certain by holding the
/// partition's lock (<see cref="PartitionLock"/>) while one write waits for it, and waiting until each of the others
/// queued before sending the next.
/// </summary>
public abstract class GroupCommitTests(ClusterFixture fixture) : StoreTestBase(fixture)
{
    protected WriteBatchProbe NewProbe() => new(Store.SiloService<WriteBatchMetrics>());

    /// <summary>
    /// Holds the partition's lock while a first write waits for it, then starts <paramref name="queued"/> and waits
    /// until they all queued behind it: they are the next batch. Returns the first write's task and theirs.
    /// </summary>
    protected async Task<(Task<StoredObject> First, Task<T>[] Queued)> BatchAsync<T>(Partition partition, WriteBatchProbe probe, params Func<Task<T>>[] queued)
    {
        await using var held = await PartitionLock.TakeAsync(Store, partition.PartitionHash);
        var first = CreateAsync(partition, "first-in-flight");
        await probe.WaitForBatchesAsync(1);
        var tasks = new Task<T>[queued.Length];
        for (var i = 0; i < queued.Length; i++)
        {
            // One at a time: Orleans does not keep the order of calls made together, and some tests need this one.
            tasks[i] = queued[i]();
            await probe.WaitForQueuedAsync(i + 1);
        }

        return (first, tasks);
    }

    protected static async Task<Exception?> ErrorOfAsync(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Fact]
    public async Task A_batch_holding_one_conflicting_write_commits_the_rest_and_the_conflicting_caller_gets_version_conflict()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "contended");
        var v2 = await Client.UpdateAsync(Owner, v1, Draft(partition, "contended", "v2"));
        using var probe = NewProbe();

        var (first, queued) = await BatchAsync(partition, probe,
            () => CreateAsync(partition, "before"),
            () => Client.UpdateAsync(Owner, v1, Draft(partition, "contended", "stale")),
            () => CreateAsync(partition, "after"));

        await first;
        Assert.IsType<VersionConflictException>(await ErrorOfAsync(queued[1]));
        var (before, after) = (await queued[0], await queued[2]);
        Assert.Equal([1, 3], probe.BatchUnits);
        Assert.Equal([4L, 5L], new[] { before.Sequence, after.Sequence });
        Assert.Equal(v2.AbsoluteHash, (await Client.GetCurrentAsync(Owner, v1.BaseHash)).AbsoluteHash);
        var log = await ReadLogAsync(partition);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), log.Select(entry => entry.Sequence));
        Assert.Equal([before.AbsoluteHash, after.AbsoluteHash], log.TakeLast(2).Select(entry => entry.AbsoluteHash));
    }

    [Fact]
    public async Task Of_creates_of_one_sort_key_in_one_batch_exactly_one_wins()
    {
        var partition = await NewPartitionAsync();
        using var probe = NewProbe();

        var (first, queued) = await BatchAsync<StoredObject>(partition, probe,
            [.. Enumerable.Range(0, 5).Select(i => (Func<Task<StoredObject>>)(() => CreateAsync(partition, "one-key", $"creator {i}")))]);

        await first;
        var errors = await Task.WhenAll(queued.Select(ErrorOfAsync));
        Assert.Equal([1, 5], probe.BatchUnits);
        var winner = await Assert.Single(queued, task => task.IsCompletedSuccessfully);
        Assert.All(errors.OfType<Exception>(), error => Assert.IsType<DuplicateSortKeyException>(error));
        Assert.Equal(4, errors.Count(error => error is not null));
        Assert.Equal(winner.AbsoluteHash, (await Client.GetBySortKeyAsync(Owner, partition.PartitionHash, "one-key")).AbsoluteHash);
    }

    [Fact]
    public async Task A_transaction_that_fails_inside_a_batch_leaves_nothing_and_a_later_write_takes_what_it_had_taken()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "existing");
        await Client.UpdateAsync(Owner, v1, Draft(partition, "existing", "v2"));
        using var probe = NewProbe();

        var (first, queued) = await BatchAsync(partition, probe,
            () => Client.StoreTransactionAsync(Owner, [Draft(partition, "taken").ToJson(), Draft(partition, "existing", "stale").ToJson(v1)]),
            () => Client.StoreTransactionAsync(Owner, [Draft(partition, "taken", "second").ToJson()]));

        await first;
        Assert.IsType<VersionConflictException>(await ErrorOfAsync(queued[0]));
        var second = Assert.Single(await queued[1]).Object;
        Assert.Equal([1, 2], probe.BatchUnits);
        Assert.Equal(second.AbsoluteHash, (await Client.GetBySortKeyAsync(Owner, partition.PartitionHash, "taken")).AbsoluteHash);
        Assert.Equal(Enumerable.Range(1, 4).Select(i => (long)i), (await ReadLogAsync(partition)).Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task Two_hundred_concurrent_creates_into_one_partition_give_a_gap_free_log_matching_every_answer()
    {
        var partition = await NewPartitionAsync();

        var created = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => CreateAsync(partition, $"key-{i:D3}", $"payload {i}")));

        var log = await ReadLogAsync(partition);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), log.Select(entry => entry.Sequence));
        var logged = log.ToDictionary(entry => entry.Sequence);
        Assert.All(created, stored => Assert.Equal(stored.AbsoluteHash, logged[stored.Sequence].AbsoluteHash));
        var current = (await ReadAllCurrentAsync(partition)).ToDictionary(stored => stored.SortKey);
        Assert.Equal(200, current.Count);
        Assert.All(created, stored => Assert.Equal(stored.Canonical, current[stored.SortKey].Canonical));
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteGroupCommitTests(SqliteClusterFixture fixture) : GroupCommitTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresGroupCommitTests(PostgresClusterFixture fixture) : GroupCommitTests(fixture)
{
    [Fact]
    public async Task A_batch_whose_connection_is_killed_fails_every_caller_and_leaves_each_write_absent()
    {
        var partition = await NewPartitionAsync();
        using var probe = NewProbe();
        Task<StoredObject> first;
        Task<StoredObject>[] queued;
        await using (await PartitionLock.TakeAsync(Store, partition.PartitionHash))
        {
            first = CreateAsync(partition, "first");
            var firstBackend = await WaitingBackendAsync(except: 0);
            queued = [.. Enumerable.Range(0, 3).Select(i => CreateAsync(partition, $"queued-{i}"))];
            await probe.WaitForQueuedAsync(3);
            await TerminateAsync(firstBackend);
            Assert.IsType<StorageFailureException>(await ErrorOfAsync(first));

            // The queued writes are now one batch, waiting for the same lock on a new connection: kill that one too.
            await TerminateAsync(await WaitingBackendAsync(except: firstBackend));
            Assert.All(await Task.WhenAll(queued.Select(ErrorOfAsync)), error => Assert.IsType<StorageFailureException>(error));
        }

        Assert.Equal([1, 3], probe.BatchUnits);
        Assert.Empty(await ReadLogAsync(partition));
        Assert.Empty(await ReadAllCurrentAsync(partition));
        Assert.Equal(1, (await CreateAsync(partition, "after")).Sequence);
    }

    /// <summary>The server process of the connection that waits for a lock in the store's database (a batch behind the test's lock).</summary>
    private async Task<int> WaitingBackendAsync(int except)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Store.ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid() AND pid <> @except",
                connection);
            command.Parameters.AddWithValue("except", except);
            if (await command.ExecuteScalarAsync() is int pid)
            {
                return pid;
            }

            Assert.True(DateTime.UtcNow < deadline, "No batch waited for the partition's lock within a minute.");
        }
    }

    private async Task TerminateAsync(int backend)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
        command.Parameters.AddWithValue("pid", backend);
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }
}
