using Npgsql;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>
/// On PostgreSQL the store's commits have a pool of their own, apart from its reads: a few sessions that the silo's
/// commits keep coming back to, bounded whatever the load, and named so that an operator tells them apart.
/// </summary>
[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class WritePoolTests(PostgresClusterFixture fixture) : StoreTestBase(fixture)
{
    [Fact]
    public async Task Concurrent_transactions_commit_through_a_bounded_pool_of_named_sessions_apart_from_the_reads()
    {
        var partitions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => NewPartitionAsync()));
        var created = await Task.WhenAll(partitions.Select(partition => CreateAsync(partition, "first")));

        // Transactions across partitions commit side by side, each on a connection of its own; reads go meanwhile.
        var transactions = Enumerable.Range(0, 24).Select(index => Client.StoreTransactionAsync(Owner,
            [Draft(partitions[index % 8], $"together-{index}").ToJson(), Draft(partitions[(index + 1) % 8], $"together-{index}").ToJson()]));
        var reads = Enumerable.Range(0, 24).Select(index => Client.GetObjectAsync(Owner, created[index % 8].AbsoluteHash));
        var results = await Task.WhenAll(transactions);
        await Task.WhenAll(reads);

        Assert.All(results, result => Assert.Equal(2, result.Count));
        var writes = await SessionsAsync("ObjectStore writes");
        Assert.InRange(writes, 1, StorageDialect.PostgreSqlWriteConnections);
    }

    private async Task<long> SessionsAsync(string applicationName)
    {
        await using var connection = new NpgsqlConnection(Store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", connection);
        command.Parameters.AddWithValue("name", applicationName);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
