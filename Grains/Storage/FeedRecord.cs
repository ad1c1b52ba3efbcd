using ObjectStore.Objects;
using ObjectStore.Sequences;

namespace ObjectStore.Storage;

/// <param name="FirehoseCursor">
/// A firehose feed's stored cursor: every commit up to it is acknowledged or dead-lettered. Null for a feed of partitions.
/// </param>
public sealed record FeedRecord(FeedDefinition Definition, IReadOnlyDictionary<Hash, long> AckedThrough, FirehosePosition? FirehoseCursor = null);
