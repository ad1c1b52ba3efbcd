using ObjectStore.Objects;

namespace ObjectStore.Storage;

public sealed record FeedRecord(FeedDefinition Definition, IReadOnlyDictionary<Hash, long> AckedThrough);
