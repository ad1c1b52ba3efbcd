using ObjectStore.Errors;
using ObjectStore.Partitions;
using ObjectStore.Storage;

namespace ObjectStore.Objects;

/// <summary>
/// One object series (key: its base hash). It answers "current" from memory: it loads the current version at its first
/// read and the writers tell it about every commit after that. News can be lost (a writer's silo dies, a call fails),
/// so every read also asks the partition for its epoch (<see cref="IPartitionEpoch"/>), and a grain that loaded under
/// an older one reloads. Versions are paged from the database.
/// </summary>
public sealed class ObjectVersionGrain(IObjectStorage storage) : Grain, IObjectVersionGrain, IObjectVersionUpdater, IObjectVersionCheck
{
    private StoredObject? _current;

    /// <summary>Every commit of the series that <see cref="_current"/> may not reflect has a log sequence at or above it.</summary>
    private long _loadedEpoch;

    /// <summary>The sequence of the series' first version, once asked: a version before it belongs to a series removed since.</summary>
    private long? _firstSequence;

    /// <summary>The base hash; a grain under any other spelling of it stays empty and finds nothing.</summary>
    private Hash? BaseHash { get; set; }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        BaseHash = GrainKeys.CanonicalHash(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    /// <summary>Nothing loaded, nothing to correct: the next read loads the truth, and news older than what is held is ignored.</summary>
    public Task SetCurrentAsync(long sequence, StoredObject? current)
    {
        if (_current is not null && sequence > _current.Sequence)
        {
            _current = current;
            _firstSequence = current is null ? null : current.AbsoluteHash == current.BaseHash ? current.Sequence : _firstSequence;
        }

        return Task.CompletedTask;
    }

    public async Task<StoredObject> GetCurrentAsync(long caller)
    {
        var current = await ReadCurrentAsync(caller)
            ?? throw new NotFoundException($"There is no object with baseHash {this.GetPrimaryKeyString()}.");
        return current.Kind == ObjectKind.LogicalDelete
            ? throw new ObjectDeletedException($"The object {current.BaseHash} was deleted; its versions are still listed.")
            : current;
    }

    public async Task<bool> IsStoredAsync(long caller, long sequence)
    {
        if (await ReadCurrentAsync(caller) is not { } current)
        {
            return false;
        }

        _firstSequence ??= (await storage.GetObjectAsync(current.BaseHash, CancellationToken.None))?.Sequence;
        return _firstSequence <= sequence && sequence <= current.Sequence;
    }

    public async Task<Page<StoredObject>> PageVersionsAsync(long caller, SequencePageQuery query)
    {
        var current = await ReadCurrentAsync(caller)
            ?? throw new NotFoundException($"There is no object with baseHash {this.GetPrimaryKeyString()}.");
        query.Validate();
        var after = query.ParseAfter();
        var rows = await storage.PageVersionsAsync(current.BaseHash, after, query.ScanForwards, query.Limit + 1, CancellationToken.None);
        return Pages.BySequence(rows, query.Limit, after is not null, stored => stored.Sequence);
    }

    /// <summary>
    /// The current version, null when the series does not exist; refuses a caller who may not read it. The epoch is
    /// asked before the database is read again, so that a commit the read misses has a sequence at or above it.
    /// </summary>
    private async Task<StoredObject?> ReadCurrentAsync(long caller)
    {
        if (BaseHash is not { } baseHash)
        {
            return null;
        }

        if (_current is null)
        {
            await LoadAsync(baseHash, epoch: 0);
        }

        if (_current is not { } current)
        {
            return null;
        }

        var access = await GrainFactory.GetGrain<IPartitionEpoch>(current.PartitionHash.Value).GetReadAccessAsync(caller);
        PartitionAccess.DemandObjectReadable(access.Permission, caller);
        if (access.Epoch > _loadedEpoch || access.TransactionsOpen)
        {
            await LoadAsync(baseHash, access.Epoch);
        }

        return _current;
    }

    /// <summary>A commit the read misses comes after the version it finds, and after the epoch asked before it.</summary>
    private async Task LoadAsync(Hash baseHash, long epoch)
    {
        _current = await storage.GetCurrentAsync(baseHash, CancellationToken.None);
        _firstSequence = _current?.AbsoluteHash == baseHash ? _current.Sequence : null;
        _loadedEpoch = Math.Max(epoch, (_current?.Sequence ?? 0) + 1);
    }
}
