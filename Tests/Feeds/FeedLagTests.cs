using ObjectStore.Feeds;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>A feed's consumer lag: how far each cursor is behind its partition's log, after known writes and acknowledgements.</summary>
public abstract class FeedLagTests(ClusterFixture fixture) : FeedTestBase(fixture)
{
    [Fact]
    public async Task The_lag_of_each_partition_follows_the_writes_and_acknowledgements_for_the_owner_and_readers()
    {
        var busy = await NewPartitionAsync();
        var quiet = await NewPartitionAsync();
        await CreateAsync(busy, "before-the-feed");
        var feed = await NewFeedAsync(new PartitionSelection(busy.PartitionHash), new PartitionSelection(quiet.PartitionHash));
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(busy, $"m-{i}");
        }

        var fetched = new List<FeedMessage>();
        while (fetched.Count < 3)
        {
            fetched.AddRange(await FetchAsync(feed, waitSeconds: 20));
        }

        await AcknowledgeAsync(feed, fetched.Take(1));

        var expected = new[] { new PartitionLag(busy.PartitionHash, LastSequence: 4, AckedThrough: 2), new PartitionLag(quiet.PartitionHash, 0, 0) };
        foreach (var user in new[] { Owner, Reader })
        {
            var status = await Client.GetFeedStatusAsync(user, feed.FeedHash);
            Assert.Equal((2, 2, 0), (status.Pending, status.InFlight, status.DeadLetters));
            Assert.Equal(expected, status.Partitions);
            Assert.Equal([2L, 0L], status.Partitions.Select(partition => partition.Backlog));
        }

        await AcknowledgeAsync(feed, fetched.Skip(1));
        Assert.Equal([0L, 0L], (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).Partitions.Select(partition => partition.Backlog));
    }

    [Fact]
    public async Task A_reader_who_lost_read_on_a_partition_is_told_nothing_of_its_lag()
    {
        var kept = await NewPartitionAsync();
        var revoked = await NewPartitionAsync();
        var feed = await NewFeedAsync(new PartitionSelection(kept.PartitionHash), new PartitionSelection(revoked.PartitionHash));

        await Client.UpsertPartitionAsync(Owner, new UpsertPartitionRequest(revoked.Id, [new UserPermissions(Reader, Permission.None)]));

        Assert.Equal([kept.PartitionHash], (await Client.GetFeedStatusAsync(Reader, feed.FeedHash)).Partitions.Select(partition => partition.PartitionHash));
        Assert.Equal([kept.PartitionHash, revoked.PartitionHash], (await Client.GetFeedStatusAsync(Owner, feed.FeedHash)).Partitions.Select(partition => partition.PartitionHash));
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteFeedLagTests(SqliteClusterFixture fixture) : FeedLagTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresFeedLagTests(PostgresClusterFixture fixture) : FeedLagTests(fixture);
