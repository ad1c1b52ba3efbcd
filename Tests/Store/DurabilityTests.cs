using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>The database is the truth: a new cluster on the same database sees everything, and a dead silo loses nothing.</summary>
[Kind(TestKind.Cluster)]
public sealed class DurabilityTests
{
    private const long Owner = 42;
    private const long Reader = 43;

    // A fact per backend rather than a theory over both: xunit v2 gives a theory's rows one set of traits.
    [Fact, Backend(StorageProvider.Sqlite)]
    public Task A_new_cluster_on_the_same_sqlite_database_finds_everything() => ANewClusterOnTheSameDatabaseFindsEverythingAsync(StorageProvider.Sqlite);

    [Fact, Backend(StorageProvider.PostgreSql)]
    public Task A_new_cluster_on_the_same_postgresql_database_finds_everything() => ANewClusterOnTheSameDatabaseFindsEverythingAsync(StorageProvider.PostgreSql);

    private static async Task ANewClusterOnTheSameDatabaseFindsEverythingAsync(StorageProvider provider)
    {
        var database = await StoreCluster.NewDatabaseAsync(provider);
        Partition partition;
        StoredObject v1, v2, deleted;
        await using (var first = await StoreCluster.StartAsync(provider, database))
        {
            partition = await first.Client.UpsertPartitionAsync(Owner, "durable", new UserPermissions(Reader, Permission.Read));
            v1 = await first.Client.CreateAsync(Owner, new(partition.PartitionHash, "kept") { EncryptedPayload = "AAAA" });
            v2 = await first.Client.UpdateAsync(Owner, v1, new(partition.PartitionHash, "moved") { EncryptedPayload = "BBBB" });
            var doomed = await first.Client.CreateAsync(Owner, new(partition.PartitionHash, "doomed"));
            deleted = await first.Client.DeleteAsync(Owner, doomed);
        }

        await using var second = await StoreCluster.StartAsync(provider, database);

        Assert.Equal([new UserPermissions(Reader, Permission.Read)], (await second.Client.ListPartitionUsersAsync(Owner, partition.PartitionHash)).Items);
        Assert.Equal(v2.Canonical, (await second.Client.GetCurrentAsync(Reader, v1.BaseHash)).Canonical);
        Assert.Equal(v1.Canonical, (await second.Client.GetObjectAsync(Reader, v1.AbsoluteHash)).Canonical);
        await Assert.ThrowsAsync<ObjectDeletedException>(() => second.Client.GetCurrentAsync(Reader, deleted.BaseHash));
        Assert.Equal(["moved"], (await second.Client.PageAsync(Reader, partition.PartitionHash)).Items.Select(stored => stored.SortKey));
        Assert.Equal([1L, 2L, 3L, 4L], (await second.Client.PageLogAsync(Reader, partition.PartitionHash)).Items.Select(entry => entry.Sequence));

        var next = await second.Client.CreateAsync(Owner, new(partition.PartitionHash, "after restart"));
        Assert.Equal(5, next.Sequence);
        await Assert.ThrowsAsync<VersionConflictException>(() => second.Client.UpdateAsync(Owner, v1, new(partition.PartitionHash, "kept")));
    }

    [Fact, Backend(StorageProvider.PostgreSql)]
    public async Task A_two_silo_cluster_on_postgresql_keeps_serving_when_a_silo_dies()
    {
        await using var store = await StoreCluster.StartAsync(StorageProvider.PostgreSql, silos: 2);
        var partitions = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.Client.UpsertPartitionAsync(Owner, $"p{i}")));
        var created = await Task.WhenAll(partitions.Select(partition =>
            store.Client.CreateAsync(Owner, new(partition.PartitionHash, "before"))));

        await store.Cluster.KillSiloAsync(store.Cluster.SecondarySilos[0]);

        foreach (var (partition, stored) in partitions.Zip(created))
        {
            Assert.Equal(stored.Canonical, (await store.Client.GetCurrentAsync(Owner, stored.BaseHash)).Canonical);
            var updated = await store.Client.UpdateAsync(Owner, stored, new(partition.PartitionHash, "after"));
            Assert.Equal(2, updated.Sequence);
        }
    }
}
