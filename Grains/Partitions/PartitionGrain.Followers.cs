using Microsoft.Extensions.DependencyInjection;
using ObjectStore.Feeds;
using ObjectStore.Objects;

namespace ObjectStore.Partitions;

/// <summary>The feeds that follow the partition (<see cref="IPartitionFollowers"/>), held where its writes are published.</summary>
public sealed partial class PartitionGrain : IPartitionFollowers
{
    private PartitionFollowers? _followers;

    private LocalPartitionFollowers LocalFollowers => ServiceProvider.GetRequiredService<LocalPartitionFollowers>();

    /// <summary>The last step of activation, so that an activation that failed leaves no followers behind in the silo.</summary>
    private async Task OpenFollowersAsync(CancellationToken cancellationToken) =>
        _followers = await LocalFollowers.OpenAsync(PartitionHash, _partition is not null, cancellationToken);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        WithdrawPermissions();
        if (_followers is { } followers)
        {
            LocalFollowers.Close(followers);
        }

        return Task.CompletedTask;
    }

    public Task FollowAsync(Hash feedHash)
    {
        _followers?.Add(feedHash);
        return Task.CompletedTask;
    }

    public Task LeaveAsync(Hash feedHash)
    {
        _followers?.Remove(feedHash);
        return Task.CompletedTask;
    }

    public Task ForwardAsync(PartitionLogNotice notice) => _followers?.NotifyAsync(GrainFactory, notice) ?? Task.CompletedTask;
}
