using Microsoft.Extensions.Options;
using ObjectStore.Administration;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Storage;
using Orleans.Concurrency;

namespace ObjectStore.Sequences;

/// <summary>
/// The firehose: every commit of the whole store, for administrators only (nobody when none is configured). Its order
/// and the guarantee that a cursor never passes over a commit still in flight are the storage's
/// (<see cref="ISequenceStorage.PageFirehoseAsync"/>); this checks the caller and pages.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class FirehoseGrain(ISequenceStorage storage, IOptions<AdministratorOptions> administrators) : Grain, IFirehoseGrain
{
    public async Task<Page<FirehoseEntry>> PageAsync(long caller, FirehoseQuery query)
    {
        if (!administrators.Value.IsAdministrator(caller))
        {
            throw new ForbiddenException($"User {caller} is not an administrator of the store; the firehose is theirs alone.");
        }

        var after = query.Validate();
        var entries = await storage.PageFirehoseAsync(after, query.Limit, CancellationToken.None);
        return new Page<FirehoseEntry>(entries, Before: null, After: entries.Count > 0 ? entries[^1].Position.ToCursor() : query.After);
    }
}
