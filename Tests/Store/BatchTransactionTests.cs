using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>Where a shared transaction's BEGIN and COMMIT may go out as statements in its batches.</summary>
[Kind(TestKind.Unit)]
public sealed class BatchTransactionTests
{
    [Theory]
    [InlineData("Host=localhost;Username=store", true)]
    [InlineData("Host=localhost;Username=store;Multiplexing=true", false)]
    public async Task On_PostgreSQL_begin_and_commit_ride_in_the_batches_unless_connections_are_multiplexed(string connectionString, bool inBatches)
    {
        // A multiplexed Npgsql connection is shared between callers: Npgsql refuses a transaction it did not begin itself.
        await using var dialect = StorageDialect.Create(StorageProvider.PostgreSql, connectionString);

        Assert.Equal(inBatches, dialect.CommitsInBatches);
    }

    [Fact]
    public async Task On_SQLite_a_transaction_is_the_drivers_own()
    {
        await using var dialect = StorageDialect.Create(StorageProvider.Sqlite, "Data Source=:memory:");

        Assert.False(dialect.CommitsInBatches);
    }
}
