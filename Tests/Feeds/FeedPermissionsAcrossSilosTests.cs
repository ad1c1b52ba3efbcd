using Microsoft.Extensions.DependencyInjection;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;
using Orleans.Core.Internal;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace ObjectStore.Tests.Feeds;

/// <summary>
/// A feed reads a partition's permissions from its silo's registry (<see cref="LocalPartitionPermissions"/>) only while
/// the partition's grain is active in that silo, and otherwise asks the grain. On two silos, with each grain placed where
/// the test says (Orleans' placement hint), these check the way through the grain and what the registry holds after
/// the partition's activation ended: either way a revocation that returned is what the reader's next fetch sees.
/// </summary>
public abstract class FeedPermissionsAcrossSilosTests(ClusterFixture fixture) : FeedTestBase(fixture)
{
    /// <summary>
    /// Feeds that catch up only an hour apart: a catch-up asks the partitions' permissions, and would activate a
    /// deactivated partition grain wherever Orleans likes before the test places it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["ObjectStore:Feeds:CatchUpInterval"] = "01:00:00",
    };

    private SiloHandle FeedSilo => Store.Cluster.Silos[0];

    private SiloHandle OtherSilo => Store.Cluster.Silos[1];

    [Fact]
    public async Task A_feed_on_another_silo_than_its_partition_asks_the_partition_and_sees_revocation_and_grant()
    {
        var partition = await PlacedOnAsync(OtherSilo, NewPartitionAsync);
        var feed = await PlacedOnAsync(FeedSilo, () => NewFeedAsync(partition));
        Assert.Equal(OtherSilo.SiloAddress, await SiloOfAsync<IPartitionGrain>(partition.PartitionHash));
        Assert.Equal(FeedSilo.SiloAddress, await SiloOfAsync<IFeedGrain>(feed.FeedHash));
        Assert.Null(Registry(FeedSilo).Find(partition.PartitionHash, Reader)); // The fetches below ask the partition's grain.
        var written = await CreateAsync(partition, "k");
        await Eventually.UntilAsync(async () => (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).Pending == 1, "the write reaches the feed");

        await Client.UpsertPartitionAsync(Owner, new UpsertPartitionRequest(partition.Id, [new UserPermissions(Reader, Permission.None)]));

        Assert.Empty(await FetchAsync(feed, user: Reader));

        await Client.UpsertPartitionAsync(Owner, new UpsertPartitionRequest(partition.Id, [new UserPermissions(Reader, Permission.Read)]));

        Assert.Equal(written.AbsoluteHash, Assert.Single(await FetchAsync(feed, user: Reader)).Payload.AbsoluteHash);
    }

    /// <summary>
    /// The partition's first activation is beside the feed, so the feed's silo holds its entry; the revocation that
    /// activates it again lands beside the feed or on the other silo. Neither may leave the feed reading the old entry.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_partition_grain_reactivated_by_a_revocation_is_what_the_feed_reads(bool besideTheFeed)
    {
        var partition = await PlacedOnAsync(FeedSilo, NewPartitionAsync);
        var feed = await PlacedOnAsync(FeedSilo, () => NewFeedAsync(partition));
        var written = await CreateAsync(partition, "k");
        await Eventually.UntilAsync(async () => (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).Pending == 1, "the write reaches the feed");
        Assert.Equal(Permission.Read, Registry(FeedSilo).Find(partition.PartitionHash, Reader));

        await Store.Cluster.Client.GetGrain<IPartitionGrain>(partition.PartitionHash.Value).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Eventually.UntilAsync(async () => await SiloOfAsync<IPartitionGrain>(partition.PartitionHash) is null, "the partition's grain deactivates");
        var reactivatedOn = besideTheFeed ? FeedSilo : OtherSilo;
        await PlacedOnAsync(reactivatedOn, () => Client.UpsertPartitionAsync(Owner, new UpsertPartitionRequest(partition.Id, [new UserPermissions(Reader, Permission.None)])));
        Assert.Equal(reactivatedOn.SiloAddress, await SiloOfAsync<IPartitionGrain>(partition.PartitionHash));

        Assert.Empty(await FetchAsync(feed, user: Reader));

        await Client.UpsertPartitionAsync(Owner, new UpsertPartitionRequest(partition.Id, [new UserPermissions(Reader, Permission.Read)]));

        Assert.Equal(written.AbsoluteHash, Assert.Single(await FetchAsync(feed, user: Reader)).Payload.AbsoluteHash);
    }

    /// <summary>Makes the call with Orleans' placement hint: a grain it activates is placed on <paramref name="silo"/>.</summary>
    private static async Task<T> PlacedOnAsync<T>(SiloHandle silo, Func<Task<T>> call)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo.SiloAddress);
        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    /// <summary>The silo where the grain is active, from the silos' catalogs (the directory's cache may still name an ended activation); null when it is not.</summary>
    private async Task<SiloAddress?> SiloOfAsync<TGrain>(Hash key) where TGrain : IGrainWithStringKey
    {
        var grain = Store.Cluster.Client.GetGrain<TGrain>(key.Value).GetGrainId();
        var activations = await Store.Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return activations.Where(activation => activation.GrainId == grain).Select(activation => activation.SiloAddress).SingleOrDefault();
    }

    private static LocalPartitionPermissions Registry(SiloHandle silo) => silo is InProcessSiloHandle { SiloHost: { } host }
        ? host.Services.GetRequiredService<LocalPartitionPermissions>()
        : throw new InvalidOperationException("The silo is not running in this process.");
}

/// <summary>Two silos on SQLite (see <see cref="FeedPermissionsAcrossSilosTests.Settings"/>).</summary>
public sealed class SqliteTwoSiloFixture() : ClusterFixture(StorageProvider.Sqlite, FeedPermissionsAcrossSilosTests.Settings, silos: 2);

/// <summary>Two silos on PostgreSQL (see <see cref="FeedPermissionsAcrossSilosTests.Settings"/>).</summary>
public sealed class PostgresTwoSiloFixture() : ClusterFixture(StorageProvider.PostgreSql, FeedPermissionsAcrossSilosTests.Settings, silos: 2);

[Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteFeedPermissionsAcrossSilosTests(SqliteTwoSiloFixture fixture) : FeedPermissionsAcrossSilosTests(fixture), IClassFixture<SqliteTwoSiloFixture>;

[Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresFeedPermissionsAcrossSilosTests(PostgresTwoSiloFixture fixture) : FeedPermissionsAcrossSilosTests(fixture), IClassFixture<PostgresTwoSiloFixture>;
