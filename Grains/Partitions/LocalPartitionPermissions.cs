using System.Collections.Concurrent;
using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Partitions;

/// <summary>
/// The permissions of the partitions whose grains are active in this silo, as each grain holds them: a feed grain of this
/// silo reads them here instead of sending a message to the partition's grain for every partition of every fetch (in
/// a backlog drain those calls were the most costly step of a fetch after the messages themselves). A grain publishes
/// its partition as the last step of its activation and again after every change of permissions, before the change
/// returns, so what is read here is never older than a change that returned. An activation that ended is never read
/// (its entry is withdrawn, and ignored once its grain deactivated even if the withdrawal never came); a partition
/// without an entry is asked through its grain, as from any other silo.
/// <para>
/// What it does not cover: if Orleans briefly runs a second activation of a partition grain on another silo (its
/// directory can allow that while membership changes), a revocation that reached the other one is not seen here until
/// this silo's activation ends. A grain call made from here could have reached this one as well; the window is Orleans'
/// duplicate-activation window either way.
/// </para>
/// </summary>
public sealed class LocalPartitionPermissions
{
    private readonly ConcurrentDictionary<Hash, Entry> _active = new();

    /// <summary>Makes <paramref name="partition"/> what this silo's feeds read, until <paramref name="deactivated"/> completes.</summary>
    public void Publish(PartitionRecord partition, Task deactivated) => _active[partition.PartitionHash] = new Entry(partition, deactivated);

    /// <summary>Forgets the partition an activation published, unless a newer activation replaced it.</summary>
    public void Withdraw(Hash partition, Task deactivated)
    {
        if (_active.TryGetValue(partition, out var entry) && entry.Deactivated == deactivated)
        {
            _active.TryRemove(new KeyValuePair<Hash, Entry>(partition, entry));
        }
    }

    /// <summary>The user's permissions on the partition if its grain is active in this silo; null when it must be asked.</summary>
    public Permission? Find(Hash partition, long user)
    {
        if (!_active.TryGetValue(partition, out var entry))
        {
            return null;
        }

        if (entry.Deactivated.IsCompleted)
        {
            // An activation that ended without withdrawing (Orleans skips OnDeactivateAsync for one that never became
            // valid): its entry goes now, unless a newer activation replaced it meanwhile.
            _active.TryRemove(new KeyValuePair<Hash, Entry>(partition, entry));
            return null;
        }

        return PartitionAccess.Of(user, entry.Partition.Id.UserId, entry.Partition.Permissions.GetValueOrDefault(user));
    }

    private sealed record Entry(PartitionRecord Partition, Task Deactivated);
}
