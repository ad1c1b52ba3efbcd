using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Feeds;

/// <summary>Where a feed stands in one selected partition's log.</summary>
internal sealed class PartitionCursor(Hash partition, IReadOnlyList<PartitionSelection> selections, long ackedThrough)
{
    public Hash Partition { get; } = partition;

    public IReadOnlyList<PartitionSelection> Selections { get; } = selections;

    /// <summary>The cursor as stored: everything at or before it is acknowledged, filtered out or dead-lettered.</summary>
    public long SavedThrough { get; set; } = ackedThrough;

    /// <summary>The last log entry the feed has looked at (and buffered, when it matched).</summary>
    public long LoadedThrough { get; set; } = ackedThrough;

    /// <summary>The log may hold entries after <see cref="LoadedThrough"/>: a gap was seen, or the buffer was full.</summary>
    public bool Backlog { get; set; } = true;

    public bool Matches(string sortKey) => Selections.Any(selection => selection.Matches(sortKey));
}

/// <summary>A message the feed holds until it is acknowledged or dead-lettered.</summary>
internal sealed class PendingMessage(MessageKey key, StoredObject payload, long arrival, bool requeued)
{
    public MessageKey Key { get; } = key;

    public StoredObject Payload { get; } = payload;

    /// <summary>Arrival order: fetches return the oldest visible messages first.</summary>
    public long Arrival { get; } = arrival;

    /// <summary>Put back from the dead letters: it lies behind the cursor, its dead-letter row keeps it durable.</summary>
    public bool Requeued { get; } = requeued;

    public int Attempts { get; set; }

    /// <summary>The receipt handle of the delivery in flight, or null when the message is visible.</summary>
    public string? ReceiptHandle { get; set; }

    public DateTimeOffset InvisibleUntil { get; set; }

    /// <summary>Being written to the dead letters: neither deliverable nor past the cursor yet.</summary>
    public bool DeadLettering { get; set; }

    public bool IsVisible => ReceiptHandle is null && !DeadLettering;
}
