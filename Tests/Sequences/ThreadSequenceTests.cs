using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Sequences;

/// <summary>
/// A thread's views: the objects with its threadId in every partition the caller may read, and nothing of the others;
/// paging that neither skips nor repeats while writers write.
/// </summary>
public abstract class ThreadSequenceTests(ClusterFixture fixture) : SequenceTestBase(fixture)
{
    [Fact]
    public async Task A_thread_across_three_partitions_shows_a_reader_of_two_only_their_objects()
    {
        var thread = NewThreadId();
        var readable = await NewPartitionAsync();
        var alsoReadable = await NewPartitionAsync();
        var hidden = await Client.UpsertPartitionAsync(Owner, $"hidden-{Guid.NewGuid():N}", new UserPermissions(Writer, Permission.Write));
        var x1 = await StoreAsync(InThread(Draft(readable, "x"), thread), "2020-01-01T00:00:01Z");
        await StoreAsync(InThread(Draft(hidden, "h"), thread), "2020-01-01T00:00:02Z");
        var y1 = await StoreAsync(InThread(Draft(alsoReadable, "y"), thread), "2020-01-01T00:00:03Z");
        var x2 = await StoreAsync(InThread(Draft(readable, "x", "x2"), thread), "2020-01-01T00:00:04Z", x1);
        await StoreAsync(Draft(readable, "elsewhere"), "2020-01-01T00:00:02Z");
        var z1 = await StoreAsync(InThread(Draft(alsoReadable, "z"), thread), "2020-01-01T00:00:05Z");
        await Client.DeleteAsync(Owner, z1);

        var absolute = await ReadThreadAsync(Reader, thread, SequenceView.Absolute, new SequenceQuery { Limit = 1 });
        var current = await ReadThreadAsync(Reader, thread, SequenceView.Current);

        // The logical delete of z carries no threadId but belongs to z's series, so the audit trail shows it last (its commit time).
        Assert.Equal([x1.AbsoluteHash, y1.AbsoluteHash, x2.AbsoluteHash, z1.AbsoluteHash], absolute.Take(4));
        Assert.Equal(5, absolute.Count);
        Assert.Equal([x2.AbsoluteHash, y1.AbsoluteHash], current);
        Assert.Empty(await ReadThreadAsync(Stranger, thread, SequenceView.Absolute));
        Assert.Equal(6, (await ReadThreadAsync(Owner, thread, SequenceView.Absolute)).Count);
    }

    [Fact]
    public async Task Paging_a_thread_while_writers_write_answers_each_object_once_in_order_and_nothing_unreadable()
    {
        var thread = NewThreadId();
        var readable = await NewPartitionAsync();
        var hidden = await Client.UpsertPartitionAsync(Owner, $"hidden-{Guid.NewGuid():N}", new UserPermissions(Writer, Permission.Write));
        var present = new List<Hash>();
        for (var i = 0; i < 10; i++)
        {
            present.Add((await StoreAsync(InThread(Draft(readable, $"k{i}"), thread), $"2020-01-01T00:00:{i * 2:D2}Z")).AbsoluteHash);
        }

        var seen = new List<StoredObject>();
        var query = new SequenceQuery { Limit = 3 };
        var written = 0;
        while (true)
        {
            var page = await Client.PageThreadSequenceAsync(Reader, thread, SequenceView.Current, query);
            seen.AddRange(page.Items);
            // Writers write between the reader's pages: before and after its cursor, in both partitions.
            await StoreAsync(InThread(Draft(readable, $"new{written}"), thread), $"2020-01-01T00:00:{written * 2 + 1:D2}Z");
            await StoreAsync(InThread(Draft(hidden, $"new{written}"), thread), $"2020-01-01T00:00:{written * 2 + 1:D2}Z");
            written++;
            if (page.After is null)
            {
                break;
            }

            query = query with { After = page.After };
        }

        var hashes = seen.Select(stored => stored.AbsoluteHash).ToList();
        Assert.Equal(hashes.Distinct(), hashes);
        Assert.All(present, hash => Assert.Contains(hash, hashes));
        Assert.All(seen, stored => Assert.Equal(readable.PartitionHash, stored.PartitionHash));
        Assert.Equal(seen.Select(stored => stored.SortKey), seen.OrderBy(stored => CreatedOf(stored), StringComparer.Ordinal).Select(stored => stored.SortKey));
    }

    [Fact]
    public async Task A_thread_across_300_partitions_shows_each_reader_exactly_the_partitions_they_may_read()
    {
        // A third of the partitions grant the reader READ, a third WRITE only, a third nothing; the owner reads all. The old
        // read asked 300 partition grains and sent an IN list of the readable ones; this one is a single statement.
        const int Partitions = 300;
        var thread = NewThreadId();
        var grants = Enumerable.Range(0, Partitions).Select(i => (Permission)(i % 3)).ToList();
        var written = await Task.WhenAll(Enumerable.Range(0, Partitions).Select(async i =>
        {
            var name = $"spread-{Guid.NewGuid():N}";
            var partition = grants[i] == Permission.None
                ? await Client.UpsertPartitionAsync(Owner, name)
                : await Client.UpsertPartitionAsync(Owner, name, new UserPermissions(Reader, grants[i]));
            var stored = await StoreAsync(InThread(Draft(partition, "m"), thread), $"2020-01-01T00:{i / 60:D2}:{i % 60:D2}Z");
            return (Name: name, stored.AbsoluteHash);
        }));
        var readable = written.Where((_, i) => grants[i] == Permission.Read).ToList();

        Assert.Equal(readable.Select(item => item.AbsoluteHash), await ReadThreadAsync(Reader, thread, SequenceView.Current, new SequenceQuery { Limit = 7 }));
        Assert.Equal(written.Select(item => item.AbsoluteHash), await ReadThreadAsync(Owner, thread, SequenceView.Absolute));
        Assert.Empty(await ReadThreadAsync(Stranger, thread, SequenceView.Absolute));

        // A permission taken back counts from that moment, as the partition grains count it.
        await Client.UpsertPartitionAsync(Owner, readable[0].Name, new UserPermissions(Reader, Permission.None));
        Assert.Equal(readable.Skip(1).Select(item => item.AbsoluteHash), await ReadThreadAsync(Reader, thread, SequenceView.Absolute));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("")]
    public async Task A_thread_id_that_is_not_Base64_is_refused(string threadId) =>
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageThreadSequenceAsync(Reader, threadId, SequenceView.Absolute));

    private static string CreatedOf(StoredObject stored) =>
        System.Text.Json.Nodes.JsonNode.Parse(stored.Json)!["createdDate"]!.GetValue<string>();
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteThreadSequenceTests(SqliteClusterFixture fixture) : ThreadSequenceTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresThreadSequenceTests(PostgresClusterFixture fixture) : ThreadSequenceTests(fixture);
