using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>Selections the store refuses through the .NET client, where no JSON parser stands before the grain.</summary>
public abstract class FeedSelectionTests(ClusterFixture fixture) : FeedTestBase(fixture)
{
    [Fact]
    public async Task A_selection_without_a_partition_hash_is_invalid_input()
    {
        var partition = await NewPartitionAsync();

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => NewFeedAsync(new PartitionSelection(partition.PartitionHash), new PartitionSelection(default(Hash))));

        Assert.Contains("'partitionSelections[1].partitionHash' is required", refused.Message);
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteFeedSelectionTests(SqliteClusterFixture fixture) : FeedSelectionTests(fixture);
