using ObjectStore.Expiry;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>
/// The purge and the Condensation collector run on reminders and stay active between runs, so that an idle silo does
/// not deactivate and reactivate them. A cluster of its own, because it collects every idle activation.
/// </summary>
[Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class HousekeepingActivationTests
{
    [Fact]
    public async Task The_purge_outlives_the_collection_of_idle_activations()
    {
        await using var store = await StoreCluster.StartAsync(StorageProvider.Sqlite);
        var purge = store.Cluster.GrainFactory.GetGrain<IExpiryGrain>(0);
        var idle = await purge.RemoveExpiredAsync();

        await store.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        // A purge that removed nothing is known only to its activation: a new one would answer the stored report.
        Assert.Equal(idle, await purge.GetLastReportAsync());
    }
}
