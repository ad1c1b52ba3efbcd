using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Feeds;

/// <summary>Who may have which of the feed's messages: the partitions' permissions, as their grains hold them.</summary>
public sealed partial class FeedGrain
{
    /// <summary>
    /// Delivers up to <paramref name="maxItems"/> of the messages next in line that the caller may read now. It checks
    /// the partitions those messages come from (<see cref="PermissionsAsync"/>), not every partition selected: a fetch of
    /// ten messages touches at most ten, and a long poll that finds nothing checks none. A message of a partition the
    /// caller may not read stays on the feed for those who can, and the next in line are looked at in its place. The
    /// messages go out in the turn that got the last of their partitions' answers, so a fetch answers after checking: a
    /// revocation that returned before a long poll woke is what that poll sees.
    /// </summary>
    private async Task<IReadOnlyList<FeedMessage>> DeliverReadableAsync(long caller, int maxItems, DateTimeOffset now)
    {
        var readable = new HashSet<Hash>();
        var unreadable = new HashSet<Hash>();
        while (Rules.Definition is { } feed)
        {
            // A firehose feed's readers are administrators, who read the whole store.
            var next = Messages.NextInLine(maxItems, _firehose is null ? partition => !unreadable.Contains(partition) : null, feed.Ordered);
            var unasked = _firehose is null ? next.Select(message => message.Key.PartitionHash).Where(partition => !readable.Contains(partition)).Distinct().ToList() : [];
            if (unasked.Count == 0)
            {
                return Messages.HandOut(next, now, Settings.VisibilityTimeout, feed.Ordered, metrics.Delivered);
            }

            // Answers are kept across rounds: clearing them could alternate forever between two sets of partitions. An
            // answer from an earlier round of the same fetch may predate a revocation that returned during a later one.
            var access = await Task.WhenAll(unasked.Select(partition => PermissionsAsync(partition, caller)));
            for (var index = 0; index < unasked.Count; index++)
            {
                (access[index].HasFlag(Permission.Read) ? readable : unreadable).Add(unasked[index]);
            }
        }

        return [];
    }

    /// <summary>
    /// The selected partitions the caller may read now, for what a reader learns about the feed besides its messages
    /// (dead letters, lag). A feed is no way around a partition's permissions: what the caller cannot read (READ revoked
    /// since the feed was defined) stays on the feed, for those who can. Null for a firehose feed: its readers are
    /// administrators, who read the whole store.
    /// </summary>
    private async Task<HashSet<Hash>?> ReadablePartitionsAsync(long caller)
    {
        if (_firehose is not null)
        {
            return null;
        }

        var partitions = Cursors.Partitions.ToList();
        var access = await Task.WhenAll(partitions.Select(partition => PermissionsAsync(partition, caller)));
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
        foreach (var user in users)
        {
            if ((await PermissionsAsync(partition, user)).HasFlag(Permission.Read))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The user's permissions on the partition, as its grain holds them: read in this silo when the grain is active here
    /// (<see cref="LocalPartitionPermissions"/>), else asked of it (the call interleaves with its writes).
    /// </summary>
    private Task<Permission> PermissionsAsync(Hash partition, long user) =>
        siloPermissions.Find(partition, user) is { } permission
            ? Task.FromResult(permission)
            : GrainFactory.GetGrain<IPartitionPermissions>(partition.Value).GetPermissionsAsync(user);

    private async Task RequireReadAsync(Hash partition, long user) =>
        PartitionAccess.Demand(await PermissionsAsync(partition, user), Permission.Read, user, partition);
}
