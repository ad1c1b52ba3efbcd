namespace ObjectStore.Objects;

/// <summary>How writers tell an <see cref="IObjectVersionGrain"/> what they committed.</summary>
[Alias("ObjectStore.IObjectVersionUpdater")]
public interface IObjectVersionUpdater : IGrainWithStringKey
{
    /// <summary>
    /// The version committed at <paramref name="sequence"/> in the series' partition is now current, or the series was
    /// removed when <paramref name="current"/> is null. Older news than what the grain holds is ignored.
    /// </summary>
    Task SetCurrentAsync(long sequence, StoredObject? current);
}
