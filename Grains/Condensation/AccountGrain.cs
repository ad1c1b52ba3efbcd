using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ObjectStore.Hosting;
using ObjectStore.Storage;
using ObjectStore.Telemetry;

namespace ObjectStore.Condensation;

/// <summary>
/// One account. Its adds and removes run one at a time; lists interleave with them. The database holds the boxes; the grain holds only the signals that wake watchers.
/// </summary>
public sealed class AccountGrain(ICondensationStorage storage, CondensationRules rules, IOptions<CondensationOptions> options,
    [FromKeyedServices(ObjectStoreClock.ServiceKey)] TimeProvider clock, ObjectStoreMetrics metrics)
    : Grain, IAccountGrain, IAccountWatchers
{
    private readonly Dictionary<BoxLabel, TaskCompletionSource> _changes = [];

    private CondensationHash Account => CondensationHash.TryParse(this.GetPrimaryKeyString(), out var account)
        ? account
        : throw new InvalidOperationException($"'{this.GetPrimaryKeyString()}' is not an account hash.");

    private DateTimeOffset Now => clock.GetUtcNow();

    public async Task<IReadOnlyList<CondensationHash>> ListAsync(CondensationHash? actor, BoxLabel box, TimeSpan watch, CancellationToken cancellationToken)
    {
        CondensationRules.EnsureMayList(actor, Account, box);
        metrics.CondensationListed(watched: watch > TimeSpan.Zero);
        var deadline = clock.GetUtcNow() + (watch < options.Value.MaxWatch ? watch : options.Value.MaxWatch);
        while (true)
        {
            // Taken before listing: an add that commits after the list completes this signal, so it cannot slip by.
            var changed = ChangeOf(box).Task;
            var hashes = await storage.ListAsync(Account, box, cancellationToken);
            var remaining = deadline - clock.GetUtcNow();
            if (hashes.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return hashes;
            }

            try
            {
                await changed.WaitAsync(remaining, clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                return hashes;
            }
        }
    }

    public async Task AddAsync(CondensationHash? actor, BoxLabel box, CondensationHash hash)
    {
        var entry = new BoxEntry(Account, box, hash);
        var noPuts = new Dictionary<CondensationHash, VerifiedObject>();
        await rules.EnsureMayAddAsync(actor, entry, noPuts);
        if (actor is null)
        {
            await rules.EnsureUnsignedWithinBoundAsync([entry], noPuts);
        }

        await storage.ModifyAsync([], [entry], [], rules.AdditionsExpireAt(actor, Now), Now, CancellationToken.None);
        Signal(box);
    }

    public async Task RemoveAsync(CondensationHash? actor, BoxLabel box, CondensationHash hash)
    {
        var entry = new BoxEntry(Account, box, hash);
        await rules.EnsureMayRemoveAsync(actor, entry, new Dictionary<CondensationHash, VerifiedObject>());
        await storage.ModifyAsync([], [], [entry], null, Now, CancellationToken.None);
        Signal(box);
    }

    public Task BoxesChangedAsync(IReadOnlyList<BoxLabel> boxes)
    {
        foreach (var box in boxes)
        {
            Signal(box);
        }

        return Task.CompletedTask;
    }

    private TaskCompletionSource ChangeOf(BoxLabel box)
    {
        if (!_changes.TryGetValue(box, out var change))
        {
            change = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _changes[box] = change;
        }

        return change;
    }

    private void Signal(BoxLabel box)
    {
        if (_changes.Remove(box, out var change))
        {
            change.SetResult();
        }
    }
}
