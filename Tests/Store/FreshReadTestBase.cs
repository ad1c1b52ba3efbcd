using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;
using Orleans.Core.Internal;

namespace ObjectStore.Tests.Store;

/// <summary>What tests of reads served from memory do: commit without telling anyone, end a partition grain, read back.</summary>
public abstract class FreshReadTestBase(ClusterFixture fixture) : StoreTestBase(fixture)
{
    /// <summary>Commits straight through the storage, as a partition grain would, and tells nobody.</summary>
    protected async Task<StoredObject> CommitUnannouncedAsync(byte[] json)
    {
        var write = Store.SiloService<ObjectParser>().Parse(json);
        return (await Storage.CommitAsync([write], writer: null, CancellationToken.None))[0].Object;
    }

    /// <summary>The partition grain's activation ends, as it does when its silo dies; the next call activates it anew.</summary>
    protected Task DeactivatePartitionGrainAsync(Partition partition) =>
        Store.Cluster.Client.GetGrain<IPartitionGrain>(partition.PartitionHash.Value).Cast<IGrainManagementExtension>().DeactivateOnIdle().AsTask();

    /// <summary>A new object whose version grain holds it in memory, having answered a read.</summary>
    protected async Task<StoredObject> CreateHeldInMemoryAsync(Partition partition)
    {
        var created = await CreateAsync(partition, "note");
        await AssertCurrentAsync(created);
        return created;
    }

    protected async Task AssertCurrentAsync(StoredObject expected) =>
        Assert.Equal(expected.AbsoluteHash, (await Client.GetCurrentAsync(Reader, expected.BaseHash)).AbsoluteHash);

    protected async Task AssertServedAsync(long caller, StoredObject expected)
    {
        var served = await Client.GetObjectAsync(caller, expected.AbsoluteHash);
        Assert.Equal(expected.Canonical, served.Canonical);
        Assert.Equal(expected.Sequence, served.Sequence);
    }

    protected IPartitionEpoch EpochOf(Partition partition) => Store.Cluster.Client.GetGrain<IPartitionEpoch>(partition.PartitionHash.Value);
}
