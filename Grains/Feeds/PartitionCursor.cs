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

    public bool Matches(string sortKey) => Selections.Any(selection => selection.Matches(sortKey));
}
