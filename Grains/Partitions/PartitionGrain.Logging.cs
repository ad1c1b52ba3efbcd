using Microsoft.Extensions.Logging;
using ObjectStore.Objects;

namespace ObjectStore.Partitions;

public sealed partial class PartitionGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {PartitionHash} upserted (created: {Created}, permission changes: {Changes}).")]
    private partial void LogUpserted(Hash partitionHash, bool created, int changes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Partition {PartitionHash} committed a batch of {Units} units, {Refused} refused by their checks.")]
    private partial void LogBatchCommitted(Hash partitionHash, int units, int refused);

    [LoggerMessage(Level = LogLevel.Error, Message = "Partition {PartitionHash} could not publish what a batch committed; its feeds and version grains will read it from the database.")]
    private partial void LogNoticesFailed(Exception exception, Hash partitionHash);
}
