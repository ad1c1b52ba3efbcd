using Npgsql;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>
/// On PostgreSQL a batch's writes send each column as one array, whose nulls and types the driver carries, and a
/// session keeps those statements prepared; a multiplexed connection, which Npgsql does not prepare on, sends the same
/// arrays unprepared inside a transaction of the driver's own.
/// </summary>
[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class ArrayWritesTests(PostgresClusterFixture fixture) : StoreTestBase(fixture)
{
    [Theory]
    [InlineData("", 7)]
    [InlineData(";Multiplexing=true", 0)]
    public async Task A_batch_with_and_without_optional_fields_commits_whole_and_in_order(string settings, int preparedWrites)
    {
        var partition = await NewPartitionAsync();
        // One create with every optional field, two with none: the arrays hold values and nulls side by side.
        var full = Prepare((Draft(partition, "full") with { PurgeDate = DateTimeOffset.UtcNow.AddDays(30) }).ToJson());
        var bare = Enumerable.Range(0, 2).Select(i => Prepare((Draft(partition, $"bare-{i}") with { Owner = null, ThreadId = null }).ToJson())).ToList();
        var state = BatchState.Unread(new Dictionary<Hash, long> { [partition.PartitionHash] = 1 }, "2026-12-02T07:00:00.000000000Z");
        foreach (var write in new[] { full }.Concat(bare))
        {
            state.Apply([write], writer: null);
        }

        await using var dialect = StorageDialect.Create(StorageProvider.PostgreSql, Store.ConnectionString + settings);
        await using var connection = (NpgsqlConnection)await dialect.WriteDataSource.OpenConnectionAsync();
        await using (var transaction = await BatchTransaction.BeginAsync(connection, dialect, CancellationToken.None))
        {
            await transaction.CommitAsync(BatchWrites.Of(state, DateTimeOffset.UtcNow, dialect.SendsArrays), CancellationToken.None);
        }

        var log = await ReadLogAsync(partition);
        Assert.Equal([(1L, "full"), (2L, "bare-0"), (3L, "bare-1")], log.Select(entry => (entry.Sequence, entry.SortKey)));
        Assert.Equal(["bare-0", "bare-1", "full"], (await ReadAllCurrentAsync(partition)).Select(stored => stored.SortKey).Order());
        Assert.Equal(
            [("bare-0", null, null, null), ("bare-1", null, null, null), ("full", (long?)Owner, full.ThreadId, full.PurgeDate?.ToUnixTimeMilliseconds())],
            await HeadsAsync(connection, partition));
        Assert.Equal(4L, await ScalarAsync(connection, "SELECT next_sequence FROM os_partitions WHERE partition_hash = $1", partition.PartitionHash.ToBytes()));
        Assert.Equal((long)preparedWrites, await ScalarAsync(connection,
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO os_%' OR statement LIKE 'UPDATE os_partitions%' OR statement LIKE 'BEGIN%' OR statement = 'COMMIT'"));
    }

    private static async Task<List<(string SortKey, long? Owner, string? ThreadId, long? PurgeAt)>> HeadsAsync(NpgsqlConnection connection, Partition partition)
    {
        await using var command = new NpgsqlCommand("SELECT sort_key, owner_id, thread_id, purge_at FROM os_heads WHERE partition_hash = $1 ORDER BY sort_key", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = partition.PartitionHash.ToBytes() });
        await using var reader = await command.ExecuteReaderAsync();
        var heads = new List<(string, long?, string?, long?)>();
        while (await reader.ReadAsync())
        {
            heads.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
        }

        return heads;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
