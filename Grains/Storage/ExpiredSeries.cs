using ObjectStore.Objects;

namespace ObjectStore.Storage;

/// <summary>A series due for purging.</summary>
public sealed record ExpiredSeries(Hash PartitionHash, Hash BaseHash);
