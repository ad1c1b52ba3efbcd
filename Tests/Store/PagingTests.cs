using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>Pages of a partition's current objects: order, limits, cursors, prefix and range.</summary>
public abstract class PagingTests(ClusterFixture fixture) : StoreTestBase(fixture)
{
    private static readonly string[] Keys = ["a1", "a2", "a3", "b1", "b2", "c1"];

    private async Task<Partition> PartitionWithKeysAsync()
    {
        var partition = await NewPartitionAsync();
        foreach (var key in Keys.Reverse())
        {
            await CreateAsync(partition, key);
        }

        return partition;
    }

    private async Task<(string[] Keys, string? Before, string? After)> PageAsync(Partition partition, PartitionPageQuery query)
    {
        var page = await Client.PageAsync(Reader, partition.PartitionHash, query);
        return (page.Items.Select(stored => stored.SortKey).ToArray(), page.Before, page.After);
    }

    [Fact]
    public async Task Pages_are_in_sort_key_order_and_after_continues_exclusively()
    {
        var partition = await PartitionWithKeysAsync();

        var first = await PageAsync(partition, new PartitionPageQuery { Limit = 4 });
        var second = await PageAsync(partition, new PartitionPageQuery { Limit = 4, After = first.After });

        Assert.Equal(["a1", "a2", "a3", "b1"], first.Keys);
        Assert.Null(first.Before);
        Assert.Equal("b1", first.After);
        Assert.Equal(["b2", "c1"], second.Keys);
        Assert.Equal("b2", second.Before);
        Assert.Null(second.After);
    }

    [Fact]
    public async Task Scanning_backwards_walks_from_the_end_or_from_after()
    {
        var partition = await PartitionWithKeysAsync();

        var fromEnd = await PageAsync(partition, new PartitionPageQuery { Limit = 2, ScanForwards = false });
        var next = await PageAsync(partition, new PartitionPageQuery { Limit = 2, ScanForwards = false, After = fromEnd.After });

        Assert.Equal(["c1", "b2"], fromEnd.Keys);
        Assert.Equal(["b1", "a3"], next.Keys);
    }

    [Fact]
    public async Task Before_returns_the_page_that_precedes_the_cursor()
    {
        var partition = await PartitionWithKeysAsync();

        var page = await PageAsync(partition, new PartitionPageQuery { Limit = 2, Before = "b2" });
        var start = await PageAsync(partition, new PartitionPageQuery { Limit = 2, Before = page.Before });

        Assert.Equal(["a3", "b1"], page.Keys);
        Assert.Equal("a3", page.Before);
        Assert.Equal("b1", page.After);
        Assert.Equal(["a1", "a2"], start.Keys);
        Assert.Null(start.Before);
    }

    [Fact]
    public async Task A_prefix_or_a_range_exclusive_of_its_min_and_inclusive_of_its_max_selects_keys()
    {
        var partition = await PartitionWithKeysAsync();

        Assert.Equal(["a1", "a2", "a3"], (await PageAsync(partition, new PartitionPageQuery { SortKeyPrefix = "a" })).Keys);
        Assert.Equal(["b2", "b1"], (await PageAsync(partition, new PartitionPageQuery { SortKeyPrefix = "b", ScanForwards = false })).Keys);
        Assert.Equal(["a2"], (await PageAsync(partition, new PartitionPageQuery { SortKeyPrefix = "a", After = "a1", Limit = 1 })).Keys);
        Assert.Equal(["b1", "b2"], (await PageAsync(partition, new PartitionPageQuery { SortKeyMin = "a3", SortKeyMax = "b2" })).Keys);
        Assert.Equal(["c1"], (await PageAsync(partition, new PartitionPageQuery { SortKeyMin = "b2" })).Keys);
        Assert.Empty((await PageAsync(partition, new PartitionPageQuery { SortKeyPrefix = "z" })).Keys);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-5)]
    public async Task A_limit_outside_one_to_a_hundred_is_invalid(int limit)
    {
        var partition = await NewPartitionAsync();

        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageAsync(Owner, partition.PartitionHash, new PartitionPageQuery { Limit = limit }));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageLogAsync(Owner, partition.PartitionHash, new SequenceQuery { Limit = limit }));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.ListPartitionUsersAsync(Owner, partition.PartitionHash, new SequencePageQuery { Limit = limit }));
    }

    [Fact]
    public async Task A_prefix_with_a_min_or_max_and_a_cursor_that_is_not_one_are_invalid()
    {
        var partition = await NewPartitionAsync();
        var created = await CreateAsync(partition, "k");

        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageAsync(Owner, partition.PartitionHash, new PartitionPageQuery { SortKeyPrefix = "a", SortKeyMin = "a" }));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageAsync(Owner, partition.PartitionHash, new PartitionPageQuery { SortKeyPrefix = "a", SortKeyMax = "b" }));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageAsync(Owner, partition.PartitionHash, new PartitionPageQuery { After = "a", Before = "b" }));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageLogAsync(Owner, partition.PartitionHash, new SequenceQuery { After = "seven" }));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageVersionsAsync(Owner, created.BaseHash, new SequencePageQuery { After = "-1" }));
    }

    [Fact]
    public async Task Pages_hold_at_most_a_hundred_objects_by_default()
    {
        var partition = await NewPartitionAsync();
        var writes = Enumerable.Range(0, 105).Select(i => Draft(partition, $"k{i:D3}").ToJson()).ToList();
        await Client.StoreTransactionAsync(Owner, writes[..100]);
        await Client.StoreTransactionAsync(Owner, writes[100..]);

        var page = await Client.PageAsync(Owner, partition.PartitionHash);

        Assert.Equal(100, page.Items.Count);
        Assert.Equal("k099", page.After);
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqlitePagingTests(SqliteClusterFixture fixture) : PagingTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresPagingTests(PostgresClusterFixture fixture) : PagingTests(fixture);
