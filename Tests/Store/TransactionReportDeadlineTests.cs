using Microsoft.Extensions.Options;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>
/// A transaction across partitions whose coordinator died after committing never reports; once the report is overdue
/// the partition stops sending readers to the database and raises its epoch, so what it committed stays current. A
/// cluster of its own: the test moves the clock.
/// </summary>
public abstract class TransactionReportDeadlineTests(ClusterFixture fixture) : FreshReadTestBase(fixture)
{
    [Fact]
    public async Task A_commit_of_a_transaction_that_never_reports_stays_current_once_the_report_is_overdue()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateHeldInMemoryAsync(partition);
        await EpochOf(partition).RegisterTransactionAsync(Guid.NewGuid());
        await AssertCurrentAsync(v1);

        var v2 = await CommitUnannouncedAsync(Draft(partition, "note", "edited").ToUtf8Json(v1));
        Store.Clock.Advance(Store.SiloService<IOptions<ReadOptions>>().Value.TransactionReportDeadline + TimeSpan.FromSeconds(1));

        await AssertCurrentAsync(v2);
        await AssertCurrentAsync(v2);
    }
}

[Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteTransactionReportDeadlineTests(SqliteClusterFixture fixture) : TransactionReportDeadlineTests(fixture), IClassFixture<SqliteClusterFixture>;

[Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresTransactionReportDeadlineTests(PostgresClusterFixture fixture) : TransactionReportDeadlineTests(fixture), IClassFixture<PostgresClusterFixture>;
