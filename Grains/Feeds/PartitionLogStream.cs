using ObjectStore.Objects;
namespace ObjectStore.Feeds;

/// <summary>Names of the stream that carries <see cref="PartitionLogNotice"/>s, one stream per partition.</summary>
public static class PartitionLogStream
{
    public const string ProviderName = "objectstore-feeds";
    public const string Namespace = "partition-log";

    /// <summary>How often each silo's pulling agents look for notices: the latency a feed adds to a commit, at most.</summary>
    public static readonly TimeSpan PollingPeriod = TimeSpan.FromMilliseconds(20);

    public static StreamId Of(Hash partitionHash) => StreamId.Create(Namespace, partitionHash.Value);
}
