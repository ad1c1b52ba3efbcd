using ObjectStore.Client;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>
/// Reads answered from memory (the current version in its version grain, versions by absolute hash in each silo's
/// cache) answer what the database holds even when the news of a commit was lost, and check permissions every time.
/// A lost notice is simulated two ways: a commit made straight through the storage (durable, never announced) whose
/// partition grain then goes away, as it does when its silo dies; and news that fails on its way to the version grain.
/// </summary>
public abstract class ReadFreshnessTests(ClusterFixture fixture) : FreshReadTestBase(fixture)
{
    [Fact]
    public async Task A_commit_whose_notice_never_arrived_is_current_once_its_partition_grain_is_gone()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateHeldInMemoryAsync(partition);

        var v2 = await CommitUnannouncedAsync(Draft(partition, "note", "edited").ToUtf8Json(v1));
        await DeactivatePartitionGrainAsync(partition);

        await AssertCurrentAsync(v2);
    }

    [Fact]
    public async Task A_write_whose_notice_fails_is_current_at_the_next_read()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateHeldInMemoryAsync(partition);
        Store.NoticeDropper.Drop(v1.BaseHash);

        var v2 = await Client.UpdateAsync(Owner, v1, Draft(partition, "note", "edited"));
        await AssertCurrentAsync(v2);

        var v3 = await Client.UpdateAsync(Owner, v2, Draft(partition, "note", "edited again"));
        await AssertCurrentAsync(v3);
    }

    [Fact]
    public async Task A_transaction_across_partitions_whose_notice_fails_is_current_at_the_next_read()
    {
        var partition = await NewPartitionAsync();
        var other = await NewPartitionAsync();
        var v1 = await CreateHeldInMemoryAsync(partition);
        Store.NoticeDropper.Drop(v1.BaseHash);

        var results = await Client.StoreTransactionAsync(Owner,
            [Draft(partition, "note", "edited").ToJson(v1), Draft(other, "reply").ToJson()]);

        await AssertCurrentAsync(results[0].Object);
    }

    [Fact]
    public async Task A_transaction_across_partitions_that_committed_and_never_reported_is_read_from_the_database()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateHeldInMemoryAsync(partition);

        // What a coordinator does before it commits; then it dies after the commit, and neither announces nor reports.
        await EpochOf(partition).RegisterTransactionAsync(Guid.NewGuid());
        var v2 = await CommitUnannouncedAsync(Draft(partition, "note", "edited").ToUtf8Json(v1));

        await AssertCurrentAsync(v2);
    }

    [Fact]
    public async Task A_version_read_by_absolute_hash_is_not_served_once_its_series_is_physically_deleted()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "note");
        var v2 = await Client.UpdateAsync(Owner, v1, Draft(partition, "note", "edited"));
        await AssertServedAsync(Reader, v1);
        await AssertServedAsync(Reader, v2);

        await Client.DeleteAsync(Owner, v2, DeletionType.Physical);

        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetObjectAsync(Reader, v1.AbsoluteHash));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetObjectAsync(Reader, v2.AbsoluteHash));
    }

    [Fact]
    public async Task A_version_read_by_absolute_hash_is_not_served_once_a_physical_delete_whose_notice_never_arrived_removed_it()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "note");
        await AssertServedAsync(Reader, v1);
        await AssertServedAsync(Reader, v1);

        await CommitUnannouncedAsync(ObjectJson.DeletionOf(v1, DeletionType.Physical, Owner));
        await DeactivatePartitionGrainAsync(partition);

        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetObjectAsync(Reader, v1.AbsoluteHash));
    }

    [Fact]
    public async Task A_series_physically_deleted_and_created_again_serves_its_bytes_at_their_new_place_in_the_log()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "note");
        await AssertServedAsync(Reader, v1);

        await Client.DeleteAsync(Owner, v1, DeletionType.Physical);
        var again = await Client.StoreJsonAsync(Owner, v1.Json);

        Assert.False(again.AlreadyStored);
        await AssertServedAsync(Reader, again.Object);
    }

    [Fact]
    public async Task Permissions_are_checked_on_every_read_by_absolute_hash_cached_or_not()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "note");
        await AssertServedAsync(Owner, v1);
        await AssertServedAsync(Reader, v1);

        await Assert.ThrowsAsync<ForbiddenException>(() => Client.GetObjectAsync(Stranger, v1.AbsoluteHash));
        await Client.UpsertPartitionAsync(Owner, partition.Id.Name, new UserPermissions(Reader, Permission.None));
        await Assert.ThrowsAsync<ForbiddenException>(() => Client.GetObjectAsync(Reader, v1.AbsoluteHash));
        await Client.UpsertPartitionAsync(Owner, partition.Id.Name, new UserPermissions(Stranger, Permission.Read));
        await AssertServedAsync(Stranger, v1);
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteReadFreshnessTests(SqliteClusterFixture fixture) : ReadFreshnessTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresReadFreshnessTests(PostgresClusterFixture fixture) : ReadFreshnessTests(fixture);
