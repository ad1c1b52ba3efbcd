using Microsoft.Extensions.Logging;
using ObjectStore.Feeds;
using ObjectStore.Objects;

namespace ObjectStore.Client.Feeds;

/// <summary>The calls a consumer makes to one feed, as one user, in the shapes it needs them.</summary>
internal sealed class FeedEndpoint(ObjectStoreClient client, long userId, Hash feedHash, ILogger logger)
{
    /// <summary>Deletes <paramref name="acknowledged"/> (those handled since the last fetch), then long-polls for up to <paramref name="maxItems"/> messages.</summary>
    public Task<IReadOnlyList<FeedMessage>> FetchAsync(int maxItems, int waitTimeSeconds, IReadOnlyList<string> acknowledged,
        CancellationToken cancellationToken)
    {
        var acknowledgement = acknowledged.Count > 0 ? new FeedAcknowledgement(Delete: acknowledged) : null;
        return client.FetchAsync(userId, feedHash, new FeedRequest(maxItems, waitTimeSeconds, acknowledgement), cancellationToken);
    }

    /// <summary>Deletes handled messages, on its own rather than with a fetch.</summary>
    public Task AcknowledgeAsync(IReadOnlyList<string> receiptHandles) =>
        client.AcknowledgeAsync(userId, feedHash, new FeedAcknowledgement(Delete: receiptHandles));

    public Task ExtendAsync(VisibilityChange change) =>
        client.AcknowledgeAsync(userId, feedHash, new FeedAcknowledgement(Extend: [change]));

    /// <summary>
    /// Makes messages visible again after <paramref name="visibilitySeconds"/>, so that they are delivered again. A
    /// release that fails is only logged: the messages then come back after their visibility timeout instead.
    /// </summary>
    public async Task ReleaseAsync(IReadOnlyList<FeedMessage> messages, int visibilitySeconds)
    {
        if (messages.Count == 0)
        {
            return;
        }

        try
        {
            await client.AcknowledgeAsync(userId, feedHash,
                new FeedAcknowledgement(Extend: [.. messages.Select(message => new VisibilityChange(message.ReceiptHandle, visibilitySeconds))]));
            foreach (var message in messages)
            {
                logger.MessageReleased(feedHash, message.MessageId, message.Attempt, visibilitySeconds);
            }
        }
        catch (Exception e)
        {
            logger.ReleaseFailed(e, feedHash, messages.Count);
        }
    }
}
