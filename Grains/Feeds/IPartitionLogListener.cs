using Orleans.Concurrency;

namespace ObjectStore.Feeds;

/// <summary>A grain that hears what partitions append to their logs: a feed, told by the partitions it follows.</summary>
[Alias("ObjectStore.IPartitionLogListener")]
public interface IPartitionLogListener : IGrainWithStringKey
{
    /// <summary>
    /// What a commit appended to a partition's log. One way: the committing writer does not wait for its feeds, and a
    /// notice that never arrives costs the feed latency (it reads the log on a gap or at its catch-up), never a message.
    /// </summary>
    [OneWay]
    Task OnLogAppendedAsync(PartitionLogNotice notice);
}
