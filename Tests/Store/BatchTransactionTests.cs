using Npgsql;
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

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation, true)]
    [InlineData("OS001", true)]
    [InlineData(PostgresErrorCodes.FeatureNotSupported, true)] // cached plan must not change result type: prepared before a migration
    [InlineData(PostgresErrorCodes.DeadlockDetected, false)]
    [InlineData(PostgresErrorCodes.AdminShutdown, false)]
    public async Task A_batch_sent_without_reads_goes_again_reading_first_only_for_what_reading_first_would_have_caught(string sqlState, bool refused)
    {
        await using var dialect = StorageDialect.Create(StorageProvider.PostgreSql, "Host=localhost;Username=store");

        Assert.Equal(refused, dialect.RefusedUnread(new PostgresException("refused", "ERROR", "ERROR", sqlState)));
    }

    [Fact]
    public async Task On_SQLite_a_transaction_is_the_drivers_own()
    {
        await using var dialect = StorageDialect.Create(StorageProvider.Sqlite, "Data Source=:memory:");

        Assert.False(dialect.CommitsInBatches);
    }
}
