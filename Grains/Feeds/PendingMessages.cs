using System.Security.Cryptography;
using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Feeds;

/// <summary>
/// The messages a feed holds until they are acknowledged or dead-lettered, at most <paramref name="capacity"/> and
/// <paramref name="capacityBytes"/> of payload (the one message that crosses the bytes is still held, so that a payload
/// larger than the rest of the room does not stop the feed), and their deliveries: each delivery hides its message until a visibility deadline under a new receipt handle, and only
/// the latest handle of a message acts. What makes a message deliverable sooner wakes the waiting long polls. Payloads
/// are held through <paramref name="payloads"/>, one copy per silo for all feeds.
/// </summary>
internal sealed class PendingMessages(int capacity, long capacityBytes, SharedPayloads payloads, ArrivalSignal arrivals)
{
    private readonly Dictionary<MessageKey, PendingMessage> _messages = [];
    private readonly Dictionary<string, MessageKey> _receipts = new(StringComparer.Ordinal);
    private long _arrivals;

    // Kept as the messages change rather than counted from them: the feed's gauges read them after every call.
    private int _inFlight;
    private int _deadLettering;

    public bool HasRoom => _messages.Count < capacity && HeldBytes < capacityBytes;

    /// <summary>
    /// Room enough for a read of the logs to be worth its query: a quarter of the buffer free. A full buffer refilled as
    /// soon as one message left it would read the logs a few entries a query, once per acknowledgement; this reads them a
    /// page at a time while the quarter still held keeps the consumers busy.
    /// </summary>
    public bool WantsMore => capacity - _messages.Count >= Math.Max(1, capacity / 4) && HeldBytes < capacityBytes;

    /// <summary>The payload bytes of the messages held: what the feed's buffer costs.</summary>
    public long HeldBytes { get; private set; }

    /// <summary>How many more messages fit.</summary>
    public int Room => capacity - _messages.Count;

    public IReadOnlyCollection<PendingMessage> All => _messages.Values;

    /// <summary>Messages held and not on their way to the dead letters, in flight or not.</summary>
    public int Held => _messages.Count - _deadLettering;

    /// <summary>Held messages delivered and not yet visible again (one on its way to the dead letters has no delivery).</summary>
    public int InFlight => _inFlight;

    /// <summary>Holds a message unless it is held already; answers whether it was added. Its caller signals the arrivals.</summary>
    public bool TryHold(MessageKey key, StoredObject payload, bool requeued, DateTimeOffset? committedAt = null)
    {
        if (_messages.ContainsKey(key))
        {
            return false;
        }

        _messages[key] = new PendingMessage(key, payloads.Share(key, payload), ++_arrivals, requeued, committedAt);
        HeldBytes += payload.Canonical.Length;
        return true;
    }

    /// <summary>
    /// The visible messages a fetch of <paramref name="maxItems"/> takes now, oldest arrival first, of the partitions
    /// <paramref name="deliverable"/> lets through (null: every partition). When <paramref name="ordered"/>, only each
    /// partition's head is deliverable (see <see cref="Heads"/>). One pass over the buffer keeping the oldest few: a
    /// fetch looks twice when it asks about access in between, and the buffer holds up to a thousand messages.
    /// </summary>
    public IReadOnlyList<PendingMessage> NextInLine(int maxItems, Func<Hash, bool>? deliverable, bool ordered)
    {
        var next = new List<PendingMessage>(maxItems);
        foreach (var message in ordered ? Heads() : _messages.Values)
        {
            if (maxItems <= 0 || !message.IsVisible || deliverable?.Invoke(message.Key.PartitionHash) == false)
            {
                continue;
            }

            if (next.Count == maxItems)
            {
                if (message.Arrival > next[^1].Arrival)
                {
                    continue;
                }

                next.RemoveAt(next.Count - 1);
            }

            var index = next.Count;
            while (index > 0 && next[index - 1].Arrival > message.Arrival)
            {
                index--;
            }

            next.Insert(index, message);
        }

        return next;
    }

    /// <summary>
    /// Delivers <paramref name="next"/>, which <see cref="NextInLine"/> answered in the same turn: each under a new
    /// receipt handle, hidden for <paramref name="visibilityTimeout"/>. Tells <paramref name="delivered"/> of each, with
    /// the time since its commit on its first delivery when that is known.
    /// </summary>
    public IReadOnlyList<FeedMessage> HandOut(IReadOnlyList<PendingMessage> next, DateTimeOffset now, TimeSpan visibilityTimeout, bool ordered,
        Action<TimeSpan?>? delivered = null)
    {
        var messages = new List<FeedMessage>(next.Count);
        foreach (var message in next)
        {
            message.Attempts++;
            message.ReceiptHandle = NewReceiptHandle();
            _inFlight++;
            message.InvisibleUntil = now + visibilityTimeout;
            _receipts[message.ReceiptHandle] = message.Key;
            messages.Add(new FeedMessage(FeedMessageIds.Of(message.Key), message.ReceiptHandle, message.Attempts, message.Payload, ordered, message.CommittedAt));
            delivered?.Invoke(message.Attempts == 1 ? now - message.CommittedAt : null);
        }

        return messages;
    }

    /// <summary>
    /// The oldest message held of each partition, by log position: the only one an ordered feed may deliver, and only
    /// while no delivery of it is in flight and it is not on its way to the dead letters. So a partition's next message
    /// waits until its head is acknowledged or stored as a dead letter, and a head that comes back (its visibility
    /// timeout passed, its consumer let it go) is still the head. A requeued dead letter lies before every message
    /// loaded from the log, so it goes out before the partition's next one.
    /// </summary>
    private IEnumerable<PendingMessage> Heads() =>
        _messages.Values.GroupBy(message => message.Key.PartitionHash).Select(partition => partition.MinBy(message => message.Key.Sequence)!);

    /// <summary>
    /// Drops the messages the acknowledgement deletes and hides those it extends for their new timeouts from
    /// <paramref name="now"/> (0: visible at once). Stale and unknown receipt handles are ignored. Answers the messages dropped.
    /// </summary>
    public IReadOnlyList<PendingMessage> Acknowledge(FeedAcknowledgement acknowledgement, DateTimeOffset now)
    {
        var deleted = new List<PendingMessage>();
        foreach (var handle in acknowledgement.Delete ?? [])
        {
            if (LatestDelivery(handle) is { } message)
            {
                _receipts.Remove(handle);
                Remove(message);
                deleted.Add(message);
            }
        }

        var sooner = false;
        foreach (var change in acknowledgement.Extend ?? [])
        {
            if (LatestDelivery(change.ReceiptHandle) is { } message)
            {
                var invisibleUntil = now.AddSeconds(change.VisibilityTimeoutSeconds);
                sooner |= invisibleUntil < message.InvisibleUntil;
                message.InvisibleUntil = invisibleUntil;
            }
        }

        // A waiting long poll sleeps until the earliest visibility deadline it saw; one brought forward (a consumer
        // letting a message go) would otherwise wait for the old deadline or the end of the poll.
        if (sooner)
        {
            arrivals.Signal();
        }

        return deleted;
    }

    /// <summary>
    /// Ends the deliveries whose visibility deadline passed by <paramref name="now"/>: their messages are visible again
    /// or, once delivered <paramref name="maxAttempts"/> times, go to the dead letters through <paramref name="deadLetter"/>,
    /// and are neither delivered nor let go before it stored them (one that failed to stays, visible). Answers how many went.
    /// </summary>
    public async Task<int> ReleaseExpiredAsync(DateTimeOffset now, int maxAttempts, Func<PendingMessage, Task> deadLetter)
    {
        // Every fetch looks, and mostly finds nothing: a pass that allocates only when a delivery expired.
        List<PendingMessage>? expired = null;
        foreach (var message in _messages.Values)
        {
            if (message.ReceiptHandle is not null && message.InvisibleUntil <= now)
            {
                (expired ??= []).Add(message);
            }
        }

        if (expired is null)
        {
            return 0;
        }

        var dead = new List<PendingMessage>();
        foreach (var message in expired)
        {
            _receipts.Remove(message.ReceiptHandle!);
            message.ReceiptHandle = null;
            _inFlight--;
            if (message.Attempts >= maxAttempts)
            {
                message.DeadLettering = true;
                _deadLettering++;
                dead.Add(message);
            }
        }

        if (dead.Count < expired.Count)
        {
            arrivals.Signal();
        }

        for (var index = 0; index < dead.Count; index++)
        {
            try
            {
                await deadLetter(dead[index]);
                Remove(dead[index]);
            }
            catch
            {
                // This one and those after it were not stored: they stay, visible, and go at their next expiry. (One
                // that a forgotten partition dropped meanwhile is no longer held or counted.)
                foreach (var unstored in dead.Skip(index))
                {
                    _deadLettering -= IsHeld(unstored) ? 1 : 0;
                    unstored.DeadLettering = false;
                }

                throw;
            }
        }

        if (dead.Count > 0)
        {
            arrivals.Signal(); // Room in the buffer, and in an ordered feed the dead letters' partitions have new heads.
        }

        return dead.Count;
    }

    /// <summary>When a waiting poll must look again at the latest: the earliest visibility deadline, or its own <paramref name="deadline"/>.</summary>
    public DateTimeOffset NextWakeUp(DateTimeOffset deadline) =>
        _messages.Values.Where(message => message.ReceiptHandle is not null).Select(message => message.InvisibleUntil).Append(deadline).Min();

    /// <summary>Drops a partition's messages and their deliveries.</summary>
    public void Forget(Hash partition)
    {
        foreach (var message in _messages.Values.Where(message => message.Key.PartitionHash == partition).ToList())
        {
            Remove(message);
        }

        foreach (var handle in _receipts.Where(receipt => receipt.Value.PartitionHash == partition).Select(receipt => receipt.Key).ToList())
        {
            _receipts.Remove(handle);
        }
    }

    /// <summary>Whether this very message is held: a forgotten partition's message loaded again is another one under its key.</summary>
    private bool IsHeld(PendingMessage message) => _messages.TryGetValue(message.Key, out var held) && ReferenceEquals(held, message);

    private void Remove(PendingMessage message)
    {
        if (IsHeld(message) && _messages.Remove(message.Key))
        {
            HeldBytes -= message.Payload.Canonical.Length;
            _inFlight -= message.ReceiptHandle is null ? 0 : 1;
            _deadLettering -= message.DeadLettering ? 1 : 0;
        }
    }

    /// <summary>The message a receipt handle delivered, if that delivery is still the message's latest.</summary>
    private PendingMessage? LatestDelivery(string handle) =>
        _receipts.TryGetValue(handle, out var key) && _messages.TryGetValue(key, out var message) && message.ReceiptHandle == handle ? message : null;

    private static string NewReceiptHandle() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
