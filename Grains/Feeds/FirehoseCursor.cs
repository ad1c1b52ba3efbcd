using ObjectStore.Objects;
using ObjectStore.Sequences;
using ObjectStore.Storage;

namespace ObjectStore.Feeds;

/// <summary>
/// Where a firehose feed stands in the firehose (every commit of the store, in firehose order), and how its commits
/// become messages: read a page at a time after the last one loaded while <paramref name="messages"/> has room. Each
/// message is keyed by its partition and log sequence, as any feed's are, so acknowledgements, deliveries, ordering and
/// dead letters work alike; the cursor stored is the firehose position just before the oldest message still held.
/// </summary>
/// <remarks>
/// Partition grains send no notices to a firehose feed (every commit would go to every such feed): it reads the
/// firehose when a fetch finds room in its buffer and on its periodic catch-up, so a waiting long poll learns of a
/// commit at the latest one catch-up interval after it.
/// </remarks>
internal sealed class FirehoseCursor(PendingMessages messages, ArrivalSignal arrivals, FirehosePosition ackedThrough)
{
    private const int PageSize = 100;

    /// <summary>The firehose position of each message loaded and not yet known to be done.</summary>
    private readonly Dictionary<MessageKey, FirehosePosition> _loaded = [];
    private readonly SharedRun _loading = new();
    private FirehosePosition _loadedThrough = ackedThrough;
    private FirehosePosition _savedThrough = ackedThrough;

    /// <summary>
    /// Reads the firehose after the last commit loaded while the buffer has room, through <paramref name="readFirehose"/>
    /// (up to a number of commits after a position). One load runs at a time; a caller that comes while one runs shares it.
    /// </summary>
    public Task LoadAsync(Func<FirehosePosition, int, Task<IReadOnlyList<FirehoseEntry>>> readFirehose) => _loading.RunAsync(() => LoadPagesAsync(readFirehose));

    /// <summary>
    /// Stores the cursor through <paramref name="store"/> when it can move: to just before the oldest message loaded
    /// and still held, or to the last commit loaded when none is.
    /// </summary>
    public async Task SaveAsync(Func<FirehosePosition, Task> store)
    {
        var held = messages.All.Where(message => !message.Requeued).Select(message => message.Key).ToHashSet();
        foreach (var done in _loaded.Keys.Where(key => !held.Contains(key)).ToList())
        {
            _loaded.Remove(done);
        }

        var through = _loaded.Count == 0 ? _loadedThrough : Before(_loaded.Values.MinBy(Order)!);
        if (Order(through).CompareTo(Order(_savedThrough)) <= 0)
        {
            return;
        }

        await store(through);
        if (Order(through).CompareTo(Order(_savedThrough)) > 0)
        {
            _savedThrough = through;
        }
    }

    private async Task LoadPagesAsync(Func<FirehosePosition, int, Task<IReadOnlyList<FirehoseEntry>>> readFirehose)
    {
        var arrived = false;
        while (messages.HasRoom)
        {
            var limit = Math.Min(PageSize, messages.Room);
            var entries = await readFirehose(_loadedThrough, limit);
            foreach (var entry in entries.Where(entry => Order(entry.Position).CompareTo(Order(_loadedThrough)) > 0))
            {
                _loadedThrough = entry.Position;
                var key = new MessageKey(entry.PartitionHash, entry.Entry.Sequence);
                if (entry.Entry.Object is { } payload && messages.TryHold(key, payload, requeued: false))
                {
                    _loaded[key] = entry.Position;
                    arrived = true;
                }
            }

            if (entries.Count < limit)
            {
                break;
            }
        }

        if (arrived)
        {
            arrivals.Signal();
        }
    }

    /// <summary>The position just before another: positions are whole numbers within a transaction.</summary>
    private static FirehosePosition Before(FirehosePosition position) => position with { Position = position.Position - 1 };

    /// <summary>Firehose order: by transaction, then by position.</summary>
    private static (long, long) Order(FirehosePosition position) => (position.Transaction, position.Position);
}
