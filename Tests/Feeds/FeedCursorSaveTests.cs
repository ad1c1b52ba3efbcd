using Npgsql;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>
/// An acknowledgement takes effect at once and the feed stores its cursor after: a consumer is not held up by the
/// database while it commits the cursor. On PostgreSQL, where a test's transaction can lock the feed's cursor rows
/// alone (SQLite's write lock would stop the writes the test needs too).
/// </summary>
[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class FeedCursorSaveTests(PostgresClusterFixture fixture) : FeedTestBase(fixture)
{
    [Fact]
    public async Task Acknowledgements_are_answered_while_the_cursor_waits_for_the_database_and_the_status_counts_them_after()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        await CreateAsync(partition, "first");
        await CreateAsync(partition, "second");
        var first = Assert.Single(await FetchAsync(feed, maxItems: 1, waitSeconds: 20));

        await using (await LockCursorsAsync(feed.FeedHash))
        {
            // Before, the fetch waited for the cursor's UPDATE, which waits for this lock: the call timed out.
            var second = Assert.Single(await FetchAsync(feed, maxItems: 1, waitSeconds: 20, new FeedAcknowledgement(Delete: [first.ReceiptHandle])));
            Assert.NotEqual(first.MessageId, second.MessageId);
            await AcknowledgeAsync(feed, [second]);
            Assert.Empty(await FetchAsync(feed));
        }

        var status = await Client.GetFeedStatusAsync(Owner, feed.FeedHash);
        Assert.Equal(new PartitionLag(partition.PartitionHash, LastSequence: 2, AckedThrough: 2), Assert.Single(status.Partitions));
    }

    /// <summary>
    /// A transaction of the test's own holding the feed's cursor rows, as a busy database would for a while; closing the
    /// connection rolls it back.
    /// </summary>
    private async Task<NpgsqlConnection> LockCursorsAsync(Hash feedHash)
    {
        var connection = new NpgsqlConnection(Store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("BEGIN; SELECT acked_through FROM os_feed_cursors WHERE feed_hash = @f FOR UPDATE", connection);
        command.Parameters.AddWithValue("f", feedHash.ToBytes());
        await command.ExecuteNonQueryAsync();
        return connection;
    }
}
