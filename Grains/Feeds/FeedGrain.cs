using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectStore.Administration;
using ObjectStore.Errors;
using ObjectStore.Hosting;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Telemetry;

namespace ObjectStore.Feeds;

/// <summary>
/// One feed (key: the feed hash). Its messages are the entries of its partitions' logs that match its selections:
/// the grain buffers them in memory as the partitions' grains announce them, or reads them from the logs when a
/// notice was lost (a gap in the sequence numbers, a periodic catch-up, every activation). Only a cursor per
/// partition is stored, and it moves past an entry only once that entry is acknowledged, filtered out or
/// dead-lettered: whatever dies, the log still holds every message not yet done. Duplicates are allowed, loss is not.
/// </summary>
/// <remarks>
/// <para>
/// Only <see cref="IFeedGrain.FetchAsync"/> interleaves (<c>[AlwaysInterleave]</c>): a waiting long poll must not hold
/// up what would wake it (log notices, acknowledgements, other fetches, its own cancellation). Orleans runs such a
/// request beside any other and never makes it the request that blocks the rest (<c>ActivationData.RecordRunning</c>,
/// <c>MayInvokeRequest</c>), so all other calls and notices still run one at a time, if beside waiting fetches. The
/// catch-up timer interleaves too.
/// </para>
/// <para>
/// The state stays consistent because a turn changes it only between awaits and leaves it whole: a fetch looks again
/// after every await (the feed may be gone, its messages taken), reads of the logs are shared and a page is dropped when
/// its cursor was replaced meanwhile, and a message on its way to the dead letters is neither delivered nor let go.
/// </para>
/// <para>
/// Split by concern: this file is the feed's API; <c>FeedGrain.Logs.cs</c> follows the partition logs (notices,
/// catch-up, stored cursors); <c>FeedGrain.Access.cs</c> checks the partitions' permissions;
/// <c>FeedGrain.Delivery.cs</c> applies acknowledgements and expiry;
/// <c>FeedGrain.Figures.cs</c> reports its share of the silo's feed gauges;
/// <c>FeedGrainLogging.cs</c> holds the log messages. The rules and bookkeeping themselves are plain classes:
/// <see cref="FeedRules"/>, <see cref="PartitionCursors"/>, <see cref="PendingMessages"/>, <see cref="ArrivalSignal"/>.
/// </para>
/// </remarks>
public sealed partial class FeedGrain(
    IFeedStorage storage,
    IObjectStorage objects,
    IOptions<FeedOptions> options,
    IOptions<AdministratorOptions> administrators,
    ISequenceStorage sequences,
    SharedPayloads payloads,
    [FromKeyedServices(ObjectStoreClock.ServiceKey)] TimeProvider clock,
    ObjectStoreMetrics metrics,
    LocalPartitionPermissions siloPermissions,
    ILogger<FeedGrain> logger) : Grain, IFeedLifecycle
{
    private readonly ArrivalSignal _arrivals = new();
    private IGrainTimer? _catchUp;

    private FeedOptions Settings => options.Value;

    private Hash FeedHash { get; set; }

    private FeedRules Rules => field ??= new(FeedHash, this.GetPrimaryKeyString(), Settings.MaxSelections, administrators.Value.IsAdministrator);

    private PendingMessages Messages => field ??= new(Settings.BufferSize, Settings.BufferBytes, payloads, _arrivals);

    private PartitionCursors Cursors => field ??= new(Messages, _arrivals);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (GrainKeys.CanonicalHash(this.GetPrimaryKeyString()) is not { } hash)
        {
            return;
        }

        FeedHash = hash;
        if (await storage.GetFeedAsync(hash, cancellationToken) is { } record)
        {
            await StartAsync(record);
        }
    }

    public async Task<Feed> UpsertAsync(long caller, UpsertFeedRequest request)
    {
        var definition = await Rules.DefineAsync(caller, request, RequireReadAsync, clock, Settings.IdleExpiry);
        if (Rules.Definition is null)
        {
            await RequireRoomForAnotherFeedAsync(caller);
        }

        await storage.SaveFeedAsync(definition, CancellationToken.None);
        var record = await storage.GetFeedAsync(FeedHash, CancellationToken.None)
            ?? throw new StorageFailureException($"The feed {FeedHash} was saved but could not be read back.");
        var created = Rules.Definition is null;
        await StartAsync(record);
        LogUpserted(FeedHash, created, definition.Selections.Count);
        return FeedRules.Describe(Rules.RequireFeed());
    }

    /// <summary>
    /// Refuses a user's feed beyond <see cref="FeedOptions.MaxFeedsPerUser"/>: each costs a buffer in a silo. Two
    /// feeds created at the same moment may both pass; the limit bounds the cost, it is not an exact quota.
    /// </summary>
    private async Task RequireRoomForAnotherFeedAsync(long owner)
    {
        var owned = await storage.CountFeedsAsync(owner, CancellationToken.None);
        if (owned >= Settings.MaxFeedsPerUser)
        {
            throw new InvalidInputException($"User {owner} owns {owned} feeds, the most a user may ({FeedOptions.SectionName}:{nameof(FeedOptions.MaxFeedsPerUser)}); delete one first.");
        }
    }

    public Task<Feed> GetAsync(long caller) => Task.FromResult(FeedRules.Describe(Rules.RequireReader(caller)));

    public async Task<Feed> RefreshAsync(long caller)
    {
        Rules.RequireReader(caller);
        await ExtendExpiryAsync(clock.GetUtcNow());
        return FeedRules.Describe(Rules.RequireFeed());
    }

    public async Task DeleteAsync(long caller)
    {
        Rules.RequireOwner(caller);
        await RemoveAsync();
        LogDeleted(FeedHash, "its owner deleted it");
    }

    public async Task<bool> ExpireAsync(DateTimeOffset now)
    {
        if (Rules.Definition is not { } feed || feed.ExpiresAt > now)
        {
            return false;
        }

        await RemoveAsync();
        LogDeleted(FeedHash, "nobody fetched from it before it expired");
        return true;
    }

    public async Task<IReadOnlyList<FeedMessage>> FetchAsync(long caller, FeedRequest request, CancellationToken cancellationToken)
    {
        Rules.RequireReader(caller);
        FeedRules.Validate(request);
        var now = clock.GetUtcNow();
        await AcknowledgeCoreAsync(request.Acknowledgement, now);
        await ExtendExpiryAsync(now);
        if (request.MaxItems == 0)
        {
            return []; // Acknowledgement only: Allegro throws this answer away, so it must not take a message into flight.
        }

        var deadline = now.AddSeconds(request.WaitTimeSeconds);
        while (true)
        {
            await ReleaseExpiredAsync(now);
            if (Rules.Definition is null)
            {
                return [];
            }

            if (Cursors.ShouldLoad || (_firehose is not null && Messages.HasRoom))
            {
                await LoadAsync();
            }

            var delivered = await DeliverReadableAsync(caller, request.MaxItems, now);
            if (delivered.Count > 0 || now >= deadline)
            {
                return delivered;
            }

            await _arrivals.WaitAsync(Messages.NextWakeUp(deadline) - now, clock, cancellationToken);
            now = clock.GetUtcNow();
        }
    }

    public async Task AcknowledgeAsync(long caller, FeedAcknowledgement acknowledgement)
    {
        Rules.RequireReader(caller);
        await AcknowledgeCoreAsync(acknowledgement ?? throw new InvalidInputException("The acknowledgement is required."), clock.GetUtcNow());
    }
}
