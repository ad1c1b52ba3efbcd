using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ObjectStore.Hosting;
using ObjectStore.Storage;
using ObjectStore.Telemetry;
using Orleans.Concurrency;

namespace ObjectStore.Condensation;

/// <summary>Objects and modify requests. Content addressing needs no single writer, so any silo serves them locally.</summary>
[StatelessWorker]
public sealed partial class CondensationStoreGrain(
    ICondensationStorage storage,
    CondensationRules rules,
    [FromKeyedServices(ObjectStoreClock.ServiceKey)] TimeProvider clock,
    ObjectStoreMetrics metrics,
    ILogger<CondensationStoreGrain> logger)
    : Grain, ICondensationStoreGrain
{
    private DateTimeOffset Now => clock.GetUtcNow();

    public Task<byte[]?> GetObjectAsync(CondensationHash hash) => storage.GetObjectAsync(hash, CancellationToken.None);

    public async Task PutObjectAsync(CondensationHash? actor, CondensationHash hash, byte[] bytes)
    {
        CondensationRules.EnsureSigned(actor, "Storing an object");
        var verified = rules.Verify(new ObjectUpload(hash, bytes), signed: true);
        await storage.ModifyAsync([verified], [], [], null, Now, CancellationToken.None);
        metrics.CondensationPut(1);
    }

    public async Task<bool> BookObjectAsync(CondensationHash? actor, CondensationHash hash)
    {
        CondensationRules.EnsureSigned(actor, "Booking an object");
        return await storage.BookAsync(hash, Now, CancellationToken.None);
    }

    public async Task ModifyAsync(CondensationHash? actor, BoxModifications modifications)
    {
        if (actor is null && !modifications.OnlyAddsMessages)
        {
            CondensationRules.EnsureSigned(actor, "A modify that puts objects without adding to a message box, removes entries or adds to private or public boxes");
        }

        var puts = new Dictionary<CondensationHash, VerifiedObject>();
        foreach (var upload in modifications.Puts)
        {
            puts[upload.Hash] = rules.Verify(upload, signed: actor is not null);
        }

        foreach (var entry in modifications.Additions)
        {
            await rules.EnsureMayAddAsync(actor, entry, puts);
        }

        foreach (var entry in modifications.Removals)
        {
            await rules.EnsureMayRemoveAsync(actor, entry, puts);
        }

        if (actor is null)
        {
            await rules.EnsureUnsignedWithinBoundAsync(modifications.Additions, puts);
        }

        await storage.ModifyAsync([.. puts.Values], modifications.Additions, modifications.Removals, rules.AdditionsExpireAt(actor, Now), Now,
            CancellationToken.None);
        metrics.CondensationPut(puts.Count);

        // The modify has committed: a watcher that is not woken must not turn it into an error. It sees the change at its next list.
        try
        {
            await Task.WhenAll(modifications.Additions.GroupBy(entry => entry.Account).Select(account =>
                GrainFactory.GetGrain<IAccountWatchers>(account.Key.Hex).BoxesChangedAsync([.. account.Select(entry => entry.Box).Distinct()])));
        }
        catch (Exception error) when (error is TimeoutException or OrleansException)
        {
            LogWatchersNotWoken(error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A modify committed, but the watchers of the boxes it added to could not all be woken.")]
    private partial void LogWatchersNotWoken(Exception error);
}
