namespace ObjectStore.Feeds;

/// <summary>What delivery needs besides the messages and the access to them: acknowledgements, expiry of deliveries and of the feed.</summary>
public sealed partial class FeedGrain
{
    private async Task AcknowledgeCoreAsync(FeedAcknowledgement? acknowledgement, DateTimeOffset now)
    {
        if (acknowledgement is null)
        {
            return;
        }

        FeedRules.Validate(acknowledgement);
        var deleted = Messages.Acknowledge(acknowledgement, now);
        foreach (var message in deleted.Where(message => message.Requeued))
        {
            await storage.RemoveDeadLetterAsync(FeedHash, message.Key, CancellationToken.None);
        }

        if (deleted.Count > 0)
        {
            SaveCursorsSoon();
            // Room again behind a full buffer: a waiting poll loads the backlog rather than sleep on. In an ordered feed
            // an acknowledged head makes its partition's next message deliverable, which a waiting poll should take.
            if (Cursors.ShouldLoad || Rules.Definition?.Ordered == true)
            {
                _arrivals.Signal();
            }
        }
    }

    /// <summary>Makes messages whose visibility timeout passed visible again, or dead-letters them after their last attempt.</summary>
    private async Task ReleaseExpiredAsync(DateTimeOffset now)
    {
        if (await Messages.ReleaseExpiredAsync(now, Settings.MaxAttempts, message => DeadLetterAsync(message, now)) > 0)
        {
            await SaveCursorsAsync();
        }
    }

    private async Task DeadLetterAsync(PendingMessage message, DateTimeOffset now)
    {
        await storage.AddDeadLetterAsync(FeedHash, message.Key, message.Attempts, now, CancellationToken.None);
        metrics.DeadLettered();
        LogDeadLettered(FeedHash, FeedMessageIds.Of(message.Key), message.Attempts);
    }

    /// <summary>A use keeps the feed alive: its expiry moves to its time to live (else the idle expiry) from now.</summary>
    private Task ExtendExpiryAsync(DateTimeOffset now) =>
        Rules.ExtendExpiryAsync(now, Settings.IdleExpiry, expiresAt => storage.SetExpiryAsync(FeedHash, expiresAt, CancellationToken.None));
}
