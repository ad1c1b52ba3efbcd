namespace ObjectStore.Objects;

/// <summary>
/// What one write may hold (keys <c>ObjectStore:MaxObjectBytes</c> and <c>ObjectStore:MaxTransactionObjects</c>);
/// checked by <see cref="ObjectLimitsOptionsValidator"/>.
/// </summary>
public sealed class ObjectLimitsOptions
{
    public const string SectionName = "ObjectStore";

    /// <summary>The largest object accepted, in bytes of canonical JSON. Default 1 MiB.</summary>
    public int MaxObjectBytes { get; set; } = 1024 * 1024;

    /// <summary>The most objects in one transaction.</summary>
    public int MaxTransactionObjects { get; set; } = 100;
}
