using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Feeds;

/// <summary>What delivery needs besides the messages themselves: the caller's access, acknowledgements, expiry of deliveries and of the feed.</summary>
public sealed partial class FeedGrain
{
    /// <summary>
    /// The selected partitions the caller may read now. A feed is no way around a partition's permissions: what the
    /// caller cannot read (READ revoked since the feed was defined) stays on the feed, for those who can. Null for a
    /// firehose feed: its readers are administrators, who read the whole store.
    /// </summary>
    private async Task<HashSet<Hash>?> ReadablePartitionsAsync(long caller)
    {
        if (_firehose is not null)
        {
            return null;
        }

        var partitions = Cursors.Partitions.ToList();
        var access = await Task.WhenAll(partitions.Select(partition => GrainFactory.GetGrain<IPartitionPermissions>(partition.Value).GetPermissionsAsync(caller)));
        return [.. partitions.Where((_, index) => access[index].HasFlag(Permission.Read))];
    }

    /// <summary>
    /// Buffers only the partitions one of the feed's users (its owner or a reader) may read now; the others' messages
    /// wait in their logs (<see cref="PartitionCursors.RestrictTo"/>). Otherwise a partition's owner could stop every
    /// other partition of a feed by revoking READ: messages nobody may take would fill its buffer for good. A partition
    /// readable again brings back its requeued dead letters, which left the buffer with the rest.
    /// </summary>
    private async Task RestrictToReadableAsync()
    {
        if (Rules.Definition is not { } feed)
        {
            return;
        }

        var partitions = Cursors.Partitions.ToList();
        var users = feed.Readers.Prepend(feed.Id.UserId).ToList();
        var readable = await Task.WhenAll(partitions.Select(partition => AnyMayReadAsync(partition, users)));
        if (Cursors.RestrictTo(partitions.Where((_, index) => readable[index]).ToHashSet()))
        {
            await LoadRequeuedAsync();
        }
    }

    private async Task<bool> AnyMayReadAsync(Hash partition, IReadOnlyList<long> users)
    {
        var permissions = GrainFactory.GetGrain<IPartitionPermissions>(partition.Value);
        foreach (var user in users)
        {
            if ((await permissions.GetPermissionsAsync(user)).HasFlag(Permission.Read))
            {
                return true;
            }
        }

        return false;
    }

    private Task RequireReadAsync(Hash partition, long user) => GrainFactory.RequireAsync(partition, user, Permission.Read);

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
