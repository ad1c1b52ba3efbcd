using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ObjectStore.Hosting;
using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Feeds;

/// <summary>
/// Tells the feeds following a partition what a commit appended to its log. Publishing happens after the commit is
/// durable and reads the followers then, while a feed starts to follow before it reads the log: a feed that began
/// following during a commit either gets the notice or finds the write in the log. A notice that fails costs a feed
/// latency, not a message: it reads the log on the next gap, or at its catch-up.
/// </summary>
public sealed partial class PartitionLogNotices(
    LocalPartitionFollowers local,
    IGrainFactory grains,
    [FromKeyedServices(ObjectStoreClock.ServiceKey)] TimeProvider clock,
    ILogger<PartitionLogNotices> logger)
{
    /// <summary>
    /// Sends the notice straight to the followers when the partition's grain is in this silo (always, for the grain's
    /// own commits), and nothing when none follows; otherwise (a transaction across partitions) lets the partition's
    /// grain pass it on.
    /// </summary>
    public async Task PublishAsync(Hash partitionHash, IReadOnlyList<LogEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var notice = new PartitionLogNotice(partitionHash, entries, clock.GetUtcNow());
        try
        {
            await (local.Find(partitionHash) is { } followers
                ? followers.NotifyAsync(grains, notice)
                : grains.GetGrain<IPartitionFollowers>(partitionHash.Value).ForwardAsync(notice));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNoticeFailed(e, partitionHash, entries[0].Sequence);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the log of partition {PartitionHash} from sequence {Sequence}; its feeds will read it from the log.")]
    private partial void LogNoticeFailed(Exception exception, Hash partitionHash, long sequence);
}
