namespace ObjectStore.Objects;

/// <summary>How a silo that kept a version in memory asks whether it may still serve it.</summary>
[Alias("ObjectStore.IObjectVersionCheck")]
public interface IObjectVersionCheck : IGrainWithStringKey
{
    /// <summary>
    /// Whether the version committed at <paramref name="sequence"/> is still stored: false once the series was
    /// physically deleted or purged (and when it was created again since). Needs READ on the series' partition.
    /// </summary>
    Task<bool> IsStoredAsync(long caller, long sequence);
}
