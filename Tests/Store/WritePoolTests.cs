using Npgsql;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>
/// On PostgreSQL the partition grains' commits have a pool of their own: a few sessions that the silo's shared
/// transactions keep coming back to, named so that an operator tells them apart. Transactions across partitions take
/// the connection string's pool, so that many of them waiting for a busy partition cannot hold up everyone else's writes.
/// </summary>
[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class WritePoolTests(PostgresClusterFixture fixture) : StoreTestBase(fixture)
{
    private const int Stuck = StorageDialect.PostgreSqlWriteConnections + 2;

    [Fact]
    public async Task Writes_commit_in_their_own_named_sessions_while_transactions_across_partitions_wait_for_a_busy_one()
    {
        var (busy, quiet) = (await NewPartitionAsync(), await NewPartitionAsync());
        var others = await Task.WhenAll(Enumerable.Range(0, Stuck).Select(_ => NewPartitionAsync()));
        await CreateAsync(quiet, "before");

        Task<IReadOnlyList<StoreResult>>[] stuck;
        StoredObject written;
        await using (var held = await PartitionLock.TakeAsync(Store, busy.PartitionHash))
        {
            stuck = [.. others.Select((other, index) => Client.StoreTransactionAsync(Owner,
                [Draft(busy, $"together-{index}").ToJson(), Draft(other, $"together-{index}").ToJson()]))];
            await LockWaitsAsync(Stuck);

            // More transactions wait for the busy partition than the commit pool has sessions: a write elsewhere commits.
            written = await CreateAsync(quiet, "meanwhile");
        }

        Assert.All(await Task.WhenAll(stuck), results => Assert.Equal(2, results.Count));
        Assert.Equal(2, written.Sequence);
        Assert.InRange(await SessionsAsync("ObjectStore writes"), 1, StorageDialect.PostgreSqlWriteConnections);
    }

    private async Task<long> SessionsAsync(string applicationName) =>
        await CountAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", applicationName);

    private Task LockWaitsAsync(int sessions) => Eventually.UntilAsync(
        async () => await CountAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= sessions,
        $"{sessions} transactions wait for the busy partition", TimeSpan.FromMinutes(1));

    private async Task<long> CountAsync(string sql, string? name = null)
    {
        await using var connection = new NpgsqlConnection(Store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (name is not null)
        {
            command.Parameters.AddWithValue("name", name);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}
