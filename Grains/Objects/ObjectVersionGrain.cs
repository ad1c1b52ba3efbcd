using ObjectStore.Errors;
using ObjectStore.Partitions;
using ObjectStore.Storage;

namespace ObjectStore.Objects;

/// <summary>
/// One object series (key: its base hash). It answers "current" from memory: it loads the current version when it
/// activates and the writers tell it about every commit after that. Versions are paged from the database.
/// </summary>
public sealed class ObjectVersionGrain(IObjectStorage storage) : Grain, IObjectVersionGrain, IObjectVersionUpdater
{
    private StoredObject? _current;

    /// <summary>The base hash; a grain under any other spelling of it stays empty and finds nothing.</summary>
    private Hash? BaseHash { get; set; }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        BaseHash = GrainKeys.CanonicalHash(this.GetPrimaryKeyString());
        if (BaseHash is { } baseHash)
        {
            _current = await storage.GetCurrentAsync(baseHash, cancellationToken);
        }
    }

    public async Task SetCurrentAsync(long sequence, StoredObject? current)
    {
        if (BaseHash is not { } baseHash)
        {
            return;
        }

        if (_current is null)
        {
            // Nothing to order the news against (a new series, or one removed while this grain was active): a
            // late message could be older than the truth, so read the truth.
            _current = await storage.GetCurrentAsync(baseHash, CancellationToken.None);
        }
        else if (sequence > _current.Sequence)
        {
            _current = current;
        }
    }

    public async Task<StoredObject> GetCurrentAsync(long caller)
    {
        var current = await RequireReadableAsync(caller);
        return current.Kind == ObjectKind.LogicalDelete
            ? throw new ObjectDeletedException($"The object {current.BaseHash} was deleted; its versions are still listed.")
            : current;
    }

    public async Task<Page<StoredObject>> PageVersionsAsync(long caller, SequencePageQuery query)
    {
        var current = await RequireReadableAsync(caller);
        query.Validate();
        var after = query.ParseAfter();
        var rows = await storage.PageVersionsAsync(current.BaseHash, after, query.ScanForwards, query.Limit + 1, CancellationToken.None);
        return Pages.BySequence(rows, query.Limit, after is not null, stored => stored.Sequence);
    }

    private async Task<StoredObject> RequireReadableAsync(long caller)
    {
        var current = _current ?? throw new NotFoundException($"There is no object with baseHash {this.GetPrimaryKeyString()}.");
        await GrainFactory.RequireObjectReadableAsync(current.PartitionHash, caller);
        return current;
    }
}
