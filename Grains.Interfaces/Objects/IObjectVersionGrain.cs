namespace ObjectStore.Objects;

/// <summary>One object series, keyed by its base hash: its current version and its history.</summary>
[Alias("ObjectStore.IObjectVersionGrain")]
public interface IObjectVersionGrain : IGrainWithStringKey
{
    /// <summary>The current version; <see cref="Errors.ObjectDeletedException"/> when it is a tombstone.</summary>
    Task<StoredObject> GetCurrentAsync(long caller);

    /// <summary>Every version, oldest first unless scanning backwards; the cursor is a sequence number.</summary>
    Task<Page<StoredObject>> PageVersionsAsync(long caller, SequencePageQuery query);
}
