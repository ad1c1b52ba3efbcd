using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Feeds;

/// <summary>A message the feed holds until it is acknowledged or dead-lettered.</summary>
internal sealed class PendingMessage(MessageKey key, StoredObject payload, long arrival, bool requeued, DateTimeOffset? committedAt)
{
    public MessageKey Key { get; } = key;

    public StoredObject Payload { get; } = payload;

    /// <summary>Arrival order: fetches return the oldest visible messages first.</summary>
    public long Arrival { get; } = arrival;

    /// <summary>Put back from the dead letters: it lies behind the cursor, its dead-letter row keeps it durable.</summary>
    public bool Requeued { get; } = requeued;

    /// <summary>When its write committed, if a notice said so (a message read from the log does not know).</summary>
    public DateTimeOffset? CommittedAt { get; } = committedAt;

    public int Attempts { get; set; }

    /// <summary>The receipt handle of the delivery in flight, or null when the message is visible.</summary>
    public string? ReceiptHandle { get; set; }

    public DateTimeOffset InvisibleUntil { get; set; }

    /// <summary>Being written to the dead letters: neither deliverable nor past the cursor yet.</summary>
    public bool DeadLettering { get; set; }

    public bool IsVisible => ReceiptHandle is null && !DeadLettering;
}
