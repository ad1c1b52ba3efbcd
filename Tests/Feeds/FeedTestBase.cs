using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Tests.Infrastructure;
using ObjectStore.Tests.Store;

namespace ObjectStore.Tests.Feeds;

/// <summary>Feeds for tests, each with a name of its own.</summary>
public abstract class FeedTestBase(ClusterFixture fixture) : StoreTestBase(fixture)
{
    protected Task<Feed> NewFeedAsync(params PartitionSelection[] selections) =>
        Client.UpsertFeedAsync(Owner, $"feed-{Guid.NewGuid():N}", selections, Reader);

    protected Task<Feed> NewFeedAsync(Partition partition, string? prefix = null) => NewFeedAsync(new PartitionSelection(partition.PartitionHash, prefix));

    protected Task<IReadOnlyList<FeedMessage>> FetchAsync(Feed feed, int maxItems = 10, int waitSeconds = 0, FeedAcknowledgement? acknowledgement = null, long user = Owner) =>
        Client.FetchAsync(user, feed.FeedHash, new FeedRequest(maxItems, waitSeconds, acknowledgement));

    protected Task AcknowledgeAsync(Feed feed, IEnumerable<FeedMessage> messages) =>
        Client.AcknowledgeAsync(Owner, feed.FeedHash, new FeedAcknowledgement(Delete: [.. messages.Select(message => message.ReceiptHandle)]));

    /// <summary>
    /// Fetches and acknowledges until <paramref name="count"/> messages came. Delivery is asynchronous, so each fetch
    /// long-polls; on the tests' fake clock a long poll ends only when a message arrives, never by time.
    /// </summary>
    protected async Task<List<FeedMessage>> ReceiveAsync(Feed feed, int count)
    {
        var all = new List<FeedMessage>();
        while (all.Count < count)
        {
            var batch = await FetchAsync(feed, maxItems: Math.Min(10, count - all.Count), waitSeconds: 20);
            all.AddRange(batch);
            await AcknowledgeAsync(feed, batch);
        }

        return all;
    }

    protected static Hash[] PayloadHashes(IEnumerable<FeedMessage> messages) => [.. messages.Select(message => message.Payload.AbsoluteHash)];
}
