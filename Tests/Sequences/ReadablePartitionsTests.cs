using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Sequences;

/// <summary>
/// The partitions a user may read, on both backends: its own and those that granted it READ, in hash order, each once
/// across pages, with the user's permissions; a grant taken back takes the partition off the list. The cluster is
/// shared, so each test lists for users of its own.
/// </summary>
public abstract class ReadablePartitionsTests(ClusterFixture fixture) : SequenceTestBase(fixture)
{
    [Fact]
    public async Task Pages_list_each_own_and_granted_partition_once_in_hash_order_and_no_other()
    {
        var (lister, other) = (TestUsers.Unique(), TestUsers.Unique());
        var expected = new Dictionary<Hash, Permission>();
        for (var i = 0; i < 4; i++)
        {
            expected[(await Client.UpsertPartitionAsync(lister, $"own-{i}")).PartitionHash] = Permission.Read | Permission.Write;
        }

        expected[(await Client.UpsertPartitionAsync(other, "read", new UserPermissions(lister, Permission.Read))).PartitionHash] = Permission.Read;
        await Client.UpsertPartitionAsync(other, "write-only", new UserPermissions(lister, Permission.Write));
        await Client.UpsertPartitionAsync(other, "someone-else's", new UserPermissions(Reader, Permission.Read));
        await Client.UpsertPartitionAsync(other, "taken-back", new UserPermissions(lister, Permission.Read | Permission.Write));
        await Client.UpsertPartitionAsync(other, "taken-back", new UserPermissions(lister, Permission.None));

        var listed = new List<ReadablePartition>();
        var query = new PartitionListQuery { Limit = 2 };
        Page<ReadablePartition> page;
        do
        {
            page = await Client.PageReadablePartitionsAsync(lister, query);
            listed.AddRange(page.Items);
            query = query with { After = page.After };
        }
        while (page.After is not null);

        Assert.Equal(expected.Keys.Order(), listed.Select(partition => partition.PartitionHash));
        Assert.All(listed, partition => Assert.Equal(expected[partition.PartitionHash], partition.Permissions));
        Assert.Empty((await Client.PageReadablePartitionsAsync(TestUsers.Unique())).Items);
    }

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("AAAA")]
    public async Task A_cursor_that_is_not_a_partition_hash_is_refused(string after) =>
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageReadablePartitionsAsync(TestUsers.Unique(), new PartitionListQuery { After = after }));
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteReadablePartitionsTests(SqliteClusterFixture fixture) : ReadablePartitionsTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresReadablePartitionsTests(PostgresClusterFixture fixture) : ReadablePartitionsTests(fixture);
