using Microsoft.Extensions.Logging;
using ObjectStore.Objects;

namespace ObjectStore.Partitions;

public sealed partial class PartitionGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Some version grains of partition {PartitionHash} were not told of a commit; its epoch rose to {Epoch}, so they reload at their next read.")]
    private partial void LogEpochRaised(Hash partitionHash, long epoch);
}
