using Microsoft.Extensions.DependencyInjection;

namespace ObjectStore.Partitions;

/// <summary>The partition's permissions as the feeds of this silo read them without a call (<see cref="LocalPartitionPermissions"/>).</summary>
public sealed partial class PartitionGrain
{
    private LocalPartitionPermissions SiloPermissions => ServiceProvider.GetRequiredService<LocalPartitionPermissions>();

    /// <summary>Publishes the partition as this activation holds it now; nothing while it does not exist.</summary>
    private void PublishPermissions()
    {
        if (_partition is { } partition)
        {
            SiloPermissions.Publish(partition, GrainContext.Deactivated);
        }
    }

    private void WithdrawPermissions() => SiloPermissions.Withdraw(PartitionHash, GrainContext.Deactivated);
}
