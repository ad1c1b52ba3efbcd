using System.Globalization;
using ObjectStore.Client;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Sequences;

/// <summary>
/// A partition's absolute and current views (seed 000): their exact order and content against a model the test computes,
/// ties broken by hash, nanosecond instants, createdDate bounds, commit time for objects without a createdDate, paging
/// both ways and the refusals.
/// </summary>
public abstract class PartitionSequenceTests(ClusterFixture fixture) : SequenceTestBase(fixture)
{
    [Fact]
    public async Task The_views_of_versions_deletes_and_moved_sort_keys_match_a_model_of_seed_000()
    {
        var partition = await NewPartitionAsync();
        var a1 = await StoreAsync(Draft(partition, "a"), "2020-01-01T00:00:03Z");
        var a2 = await StoreAsync(Draft(partition, "a", "a2"), "2020-01-01T00:00:01Z", a1);
        var b1 = await StoreAsync(Draft(partition, "b"), "2020-01-01T00:00:02Z");
        var c1 = await StoreAsync(Draft(partition, "c"), "2020-01-01T00:00:04Z");
        var a3 = await StoreAsync(Draft(partition, "a-moved", "a3"), "2020-01-01T00:00:05Z", a2);
        var d1 = await StoreAsync(Draft(partition, "d"), "2020-01-01T00:00:06Z");
        var e1 = await StoreAsync(Draft(partition, "e"), "2020-01-01T00:00:06Z");
        var bDeleted = await Client.DeleteAsync(Owner, b1);
        await Client.DeleteAsync(Owner, c1, DeletionType.Physical);
        Store.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var f1 = await StoreAsync(Draft(partition, "f"), createdDate: null);

        // Absolute: every version still stored at its own createdDate, ties by absolute hash; the tombstone and f carry no
        // createdDate, so they stand at their commit times (the store's clock, moved on between them), after 2020 and in
        // commit order. c is gone with its versions.
        var (first, second) = ByHash(d1.AbsoluteHash, e1.AbsoluteHash);
        Hash[] absolute = [a2.AbsoluteHash, b1.AbsoluteHash, a1.AbsoluteHash, a3.AbsoluteHash, first, second, bDeleted.AbsoluteHash, f1.AbsoluteHash];
        // Current: each live series once, at its first version's createdDate, showing its current version; b is deleted.
        Hash[] current = [a3.AbsoluteHash, first, second, f1.AbsoluteHash];

        Assert.Equal(absolute, await ReadViewAsync(Reader, partition, SequenceView.Absolute));
        Assert.Equal(current, await ReadViewAsync(Reader, partition, SequenceView.Current));
        Assert.Equal(absolute, await ReadViewAsync(Reader, partition, SequenceView.Absolute, new SequenceQuery { Limit = 3 }));
        Assert.Equal(absolute.Reverse(), await ReadViewAsync(Reader, partition, SequenceView.Absolute, new SequenceQuery { Limit = 3, ScanForwards = false }));
        Assert.Equal(current.Reverse(), await ReadViewAsync(Reader, partition, SequenceView.Current, new SequenceQuery { Limit = 1, ScanForwards = false }));
    }

    [Fact]
    public async Task Equal_instants_order_by_hash_and_nanoseconds_order_below_the_millisecond()
    {
        var partition = await NewPartitionAsync();
        var tenNanos = await StoreAsync(Draft(partition, "ten"), "2020-01-01T00:00:00.00000001Z");
        var oneNano = await StoreAsync(Draft(partition, "one"), "2020-01-01T00:00:00.000000001Z");
        var twoNanos = await StoreAsync(Draft(partition, "two"), "2020-01-01T00:00:00.000000002Z");
        var tenth = await StoreAsync(Draft(partition, "tenth"), "2020-01-01T00:00:00.1Z");
        var twins = new List<StoredObject>();
        for (var i = 0; i < 6; i++)
        {
            twins.Add(await StoreAsync(Draft(partition, $"twin{i}"), "2020-01-01T00:00:01.000000000Z"));
        }

        var whole = await StoreAsync(Draft(partition, "whole"), "2020-01-01T00:00:01Z");
        twins.Add(whole);

        Hash[] expected = [oneNano.AbsoluteHash, twoNanos.AbsoluteHash, tenNanos.AbsoluteHash, tenth.AbsoluteHash,
            .. twins.Select(twin => twin.AbsoluteHash).Order()];
        Assert.Equal(expected, await ReadViewAsync(Reader, partition, SequenceView.Absolute, new SequenceQuery { Limit = 2 }));
        Assert.Equal(expected, await ReadViewAsync(Reader, partition, SequenceView.Current, new SequenceQuery { Limit = 4 }));
    }

    [Fact]
    public async Task From_is_inclusive_to_exclusive_and_an_object_without_createdDate_stands_at_its_commit_time()
    {
        var partition = await NewPartitionAsync();
        var early = await StoreAsync(Draft(partition, "early"), "2020-01-01T00:00:00.000000001Z");
        var middle = await StoreAsync(Draft(partition, "middle"), "2020-01-02T00:00:00Z");
        await StoreAsync(Draft(partition, "late"), "2020-01-03T00:00:00Z");
        var before = Store.Clock.GetUtcNow();
        var undated = await StoreAsync(Draft(partition, "undated"), createdDate: null);
        var after = Store.Clock.GetUtcNow().AddSeconds(1);

        var bounded = new SequenceQuery { From = "2020-01-01T00:00:00.000000001Z", To = "2020-01-03T00:00:00Z" };
        var now = new SequenceQuery { From = before.AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), To = after.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };

        Assert.Equal([early.AbsoluteHash, middle.AbsoluteHash], await ReadViewAsync(Reader, partition, SequenceView.Absolute, bounded));
        Assert.Equal([early.AbsoluteHash, middle.AbsoluteHash], await ReadViewAsync(Reader, partition, SequenceView.Current, bounded));
        Assert.Equal([early.Sequence, middle.Sequence], (await Client.PageLogAsync(Reader, partition.PartitionHash, bounded)).Items.Select(entry => entry.Sequence));
        Assert.Equal([undated.AbsoluteHash], await ReadViewAsync(Reader, partition, SequenceView.Absolute, now));
    }

    [Fact]
    public async Task A_before_cursor_answers_the_page_that_precedes_it_in_scan_order()
    {
        var partition = await NewPartitionAsync();
        var stored = new List<Hash>();
        for (var i = 0; i < 5; i++)
        {
            stored.Add((await StoreAsync(Draft(partition, $"k{i}"), $"2020-01-01T00:00:0{i}Z")).AbsoluteHash);
        }

        var last = await Client.PagePartitionSequenceAsync(Reader, partition.PartitionHash, SequenceView.Absolute, new SequenceQuery { Limit = 2, After = null, ScanForwards = false });
        var previous = await Client.PagePartitionSequenceAsync(Reader, partition.PartitionHash, SequenceView.Absolute, new SequenceQuery { Limit = 2, ScanForwards = false, After = last.After });
        var back = await Client.PagePartitionSequenceAsync(Reader, partition.PartitionHash, SequenceView.Absolute, new SequenceQuery { Limit = 2, ScanForwards = false, Before = previous.Before });

        Assert.Equal([stored[4], stored[3]], last.Items.Select(item => item.AbsoluteHash));
        Assert.Equal([stored[2], stored[1]], previous.Items.Select(item => item.AbsoluteHash));
        Assert.Equal([stored[4], stored[3]], back.Items.Select(item => item.AbsoluteHash));
    }

    [Theory]
    [InlineData(Stranger)]
    [InlineData(Writer)]
    public async Task Only_readers_of_the_partition_may_read_its_views(long caller)
    {
        var partition = await NewPartitionAsync();
        await CreateAsync(partition, "a");

        foreach (var view in Enum.GetValues<SequenceView>())
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => Client.PagePartitionSequenceAsync(caller, partition.PartitionHash, view));
        }
    }

    [Theory]
    [InlineData(0, null, null, null, null)]
    [InlineData(10, "not a cursor", null, null, null)]
    [InlineData(10, null, "MjAyMA", null, null)]
    [InlineData(10, "x", "y", null, null)]
    [InlineData(10, null, null, "2020-01-01", null)]
    [InlineData(10, null, null, null, "2020-13-01T00:00:00Z")]
    [InlineData(10, null, null, "2020-01-01T00:00:00.0000000001Z", null)]
    [InlineData(10, null, null, "2020-01-02T00:00:00Z", "2020-01-01T00:00:00Z")]
    public async Task A_bad_query_is_refused_and_changes_nothing(int limit, string? after, string? before, string? from, string? to)
    {
        var partition = await NewPartitionAsync();
        await CreateAsync(partition, "a");
        var log = (await ReadLogAsync(partition)).Select(entry => (entry.Sequence, entry.AbsoluteHash)).ToList();
        var query = new SequenceQuery { Limit = limit, After = after, Before = before, From = from, To = to };

        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PagePartitionSequenceAsync(Reader, partition.PartitionHash, SequenceView.Absolute, query));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PagePartitionSequenceAsync(Reader, partition.PartitionHash, SequenceView.Current, query));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageThreadSequenceAsync(Reader, NewThreadId(), SequenceView.Current, query));

        Assert.Equal(log, (await ReadLogAsync(partition)).Select(entry => (entry.Sequence, entry.AbsoluteHash)));
    }

    private static (Hash First, Hash Second) ByHash(Hash one, Hash other) => one.CompareTo(other) < 0 ? (one, other) : (other, one);
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqlitePartitionSequenceTests(SqliteClusterFixture fixture) : PartitionSequenceTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresPartitionSequenceTests(PostgresClusterFixture fixture) : PartitionSequenceTests(fixture);
