using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>
/// Invariants 2 to 4 held by the database alone: commits sent straight to the storage from many tasks at once, with
/// no partition grain to serialize them, as could happen if two activations of one partition ever coexisted.
/// </summary>
public abstract class StorageConcurrencyTests(ClusterFixture fixture) : StoreTestBase(fixture)
{
    private async Task<Exception?[]> CommitAllAsync(IEnumerable<PreparedWrite> writes) =>
        await Task.WhenAll(writes.Select(async write =>
        {
            try
            {
                await Storage.CommitAsync([write], writer: null, CancellationToken.None);
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }));

    [Fact]
    public async Task Of_concurrent_updates_from_one_version_the_database_lets_exactly_one_commit()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "contended");

        var errors = await CommitAllAsync(Enumerable.Range(0, 20).Select(i => Prepare(Draft(partition, "contended", $"u{i}").ToJson(v1))));

        Assert.Single(errors, error => error is null);
        Assert.All(errors.OfType<Exception>(), error => Assert.IsType<VersionConflictException>(error));
        Assert.Equal(2, (await Storage.PageVersionsAsync(v1.BaseHash, null, true, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Of_concurrent_creates_of_one_sort_key_the_database_lets_exactly_one_commit()
    {
        var partition = await NewPartitionAsync();

        var errors = await CommitAllAsync(Enumerable.Range(0, 20).Select(i => Prepare(Draft(partition, "one-key", $"c{i}").ToJson())));

        Assert.Single(errors, error => error is null);
        Assert.All(errors.OfType<Exception>(), error => Assert.IsType<DuplicateSortKeyException>(error));
    }

    [Fact]
    public async Task Concurrent_commits_to_one_partition_get_gap_free_sequences()
    {
        var partition = await NewPartitionAsync();

        var errors = await CommitAllAsync(Enumerable.Range(0, 30).Select(i => Prepare(Draft(partition, $"k{i:D2}").ToJson())));

        Assert.All(errors, Assert.Null);
        var log = await Storage.PageLogAsync(partition.PartitionHash, null, true, 100, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), log.Select(entry => entry.Sequence));
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteStorageConcurrencyTests(SqliteClusterFixture fixture) : StorageConcurrencyTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresStorageConcurrencyTests(PostgresClusterFixture fixture) : StorageConcurrencyTests(fixture);
