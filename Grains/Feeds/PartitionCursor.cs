using ObjectStore.Objects;

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

    /// <summary>
    /// None of the feed's users (its owner and readers) may read the partition now: its entries stay in the log behind
    /// the cursor, not in the buffer, until one may again; so messages nobody can take never fill the buffer.
    /// </summary>
    public bool Unreadable { get; set; }

    /// <summary>
    /// A periodic catch-up asks for one look at the log, in case a notice was lost. Kept apart from <see cref="Backlog"/>,
    /// which the feed's status reports: a look that is only a precaution is no backlog.
    /// </summary>
    public bool CatchingUp { get; set; }

    /// <summary>The log holds entries the feed should load now.</summary>
    public bool ShouldLoad => (Backlog || CatchingUp) && !Unreadable;

    /// <summary>
    /// Whether the entry is a message of this feed: its sort key matches a selection, or the key it moved from does (an
    /// object leaving a selected prefix, by an update or a tombstone elsewhere, is news to the consumer that saw it inside).
    /// </summary>
    public bool Matches(LogEntry entry) =>
        Selections.Any(selection => selection.Matches(entry.SortKey) || (entry.PreviousSortKey is { } previous && selection.Matches(previous)));
}
