namespace ObjectStore.Objects;

/// <summary>
/// How reads are served from memory (section <c>ObjectStore:Reads</c>); checked by <see cref="ReadOptionsValidator"/>.
/// </summary>
public sealed class ReadOptions
{
    public const string SectionName = "ObjectStore:Reads";

    /// <summary>The most bytes of objects read by absolute hash that each silo keeps in memory; 0 keeps none. Default 64 MiB.</summary>
    public long CacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How long a partition waits for a transaction across partitions to say it told the version grains what it
    /// committed; past it, the partition assumes the news was lost and has them reload from the database.
    /// </summary>
    public TimeSpan TransactionReportDeadline { get; set; } = TimeSpan.FromMinutes(1);
}
