using System.Text;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>
/// One database transaction for the batches of several partitions, as the silo's committer sends it: the partitions are
/// locked, read and written together, set-based, yet each unit still gets its own outcome, and a failure of the
/// transaction itself leaves nothing of any partition behind.
/// </summary>
public abstract class SharedTransactionTests(ClusterFixture fixture) : StoreTestBase(fixture)
{
    private PreparedWrite Create(Partition partition, string sortKey, string payload = "payload") => Prepare(Draft(partition, sortKey, payload).ToJson());

    [Fact]
    public async Task Each_unit_of_a_transaction_over_several_partitions_gets_its_own_outcome()
    {
        var (quiet, updated, held, contested) = (await NewPartitionAsync(), await NewPartitionAsync(), await NewPartitionAsync(), await NewPartitionAsync());
        var v1 = await CreateAsync(updated, "doc", "v1");
        await Client.UpdateAsync(Owner, v1, Draft(updated, "doc", "v2"));
        await CreateAsync(held, "held");

        var outcomes = await Storage.CommitBatchAsync(
        [
            [Create(quiet, "a")],
            [Prepare(Draft(updated, "doc", "stale").ToJson(v1))],
            [Create(held, "held", "again")],
            [Create(held, "free")],
            [Create(contested, "contested", "first")],
            [Create(contested, "contested", "second")],
            [Create(updated, "new")],
            [Create(quiet, "all-or-nothing"), Create(contested, "contested", "third")],
        ], writer: null, CancellationToken.None);

        Assert.Equal(
            [null, typeof(VersionConflictException), typeof(DuplicateSortKeyException), null, null, typeof(DuplicateSortKeyException), null, typeof(DuplicateSortKeyException)],
            outcomes.Select(outcome => outcome.Error?.GetType()));
        Assert.Equal([1L, 2L, 1L, 3L], new[] { 0, 3, 4, 6 }.Select(unit => Assert.Single(outcomes[unit].Results!).Object.Sequence));
        Assert.Null(await Storage.GetBySortKeyAsync(quiet.PartitionHash, "all-or-nothing", CancellationToken.None));
        Assert.Equal("first", Payload(await Storage.GetBySortKeyAsync(contested.PartitionHash, "contested", CancellationToken.None)));
        Assert.Equal("v2", Payload(await Storage.GetCurrentAsync(v1.BaseHash, CancellationToken.None)));
        foreach (var (partition, logged) in new[] { (quiet, 1), (updated, 3), (held, 2), (contested, 1) })
        {
            var log = await Storage.PageLogAsync(partition.PartitionHash, null, true, 10, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, logged).Select(sequence => (long)sequence), log.Select(entry => entry.Sequence));
            Assert.Equal(logged + 1, await Storage.GetNextSequenceAsync(partition.PartitionHash, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_transaction_the_database_refuses_midway_leaves_every_partitions_writes_absent()
    {
        var (first, broken, last) = (await NewPartitionAsync(), await NewPartitionAsync(), await NewPartitionAsync());
        await CreateAsync(first, "before");

        // A log row the partition's counter does not know of: the transaction's own log insert collides with it, after
        // the versions of every partition went in, so only the database's primary key refuses it.
        await PlantLogRowAsync(broken.PartitionHash, sequence: 1);

        await Assert.ThrowsAnyAsync<Exception>(() => Storage.CommitBatchAsync(
            [[Create(first, "first")], [Create(broken, "broken")], [Create(last, "last")]], writer: null, CancellationToken.None));

        foreach (var (partition, sortKey, next) in new[] { (first, "first", 2L), (broken, "broken", 1L), (last, "last", 1L) })
        {
            Assert.Null(await Storage.GetBySortKeyAsync(partition.PartitionHash, sortKey, CancellationToken.None));
            Assert.Equal(next, await Storage.GetNextSequenceAsync(partition.PartitionHash, CancellationToken.None));
        }

        Assert.Empty(await Storage.PageLogAsync(last.PartitionHash, null, true, 10, CancellationToken.None));

        // The connections went back to the pool out of the failed transaction: the next transaction commits.
        var outcomes = await Storage.CommitBatchAsync([[Create(first, "first")], [Create(last, "last")]], writer: null, CancellationToken.None);
        Assert.Equal([2L, 1L], outcomes.Select(outcome => Assert.Single(outcome.ResultsOrThrow()).Object.Sequence));
    }

    private async Task PlantLogRowAsync(Hash partitionHash, long sequence)
    {
        var dialect = Store.SiloService<StorageDialect>();
        await using var connection = await dialect.DataSource.OpenConnectionAsync(CancellationToken.None);
        var hash = TestHashes.Of($"planted/{partitionHash}");
        await connection.ExecuteAsync(null,
            """
            INSERT INTO os_log (partition_hash, sequence, absolute_hash, base_hash, sort_key, kind, created_key, committed_at)
            VALUES (@p, @s, @h, @h, 'planted', 0, '2020-01-01T00:00:00.000000000Z', 0)
            """,
            CancellationToken.None, ("@p", partitionHash), ("@s", sequence), ("@h", hash));
    }

    private static string? Payload(StoredObject? stored) =>
        stored is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(System.Text.Json.Nodes.JsonNode.Parse(stored.Canonical)!["encryptedPayload"]!.GetValue<string>()));
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteSharedTransactionTests(SqliteClusterFixture fixture) : SharedTransactionTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresSharedTransactionTests(PostgresClusterFixture fixture) : SharedTransactionTests(fixture);
