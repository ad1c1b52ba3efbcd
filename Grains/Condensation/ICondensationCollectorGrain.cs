using ObjectStore.Storage;

namespace ObjectStore.Condensation;

/// <summary>Collects the Condensation store's garbage, cluster-wide, one collection at a time.</summary>
[Alias("ObjectStore.ICondensationCollectorGrain")]
public interface ICondensationCollectorGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder that collects every configured interval.</summary>
    Task StartAsync();

    /// <summary>
    /// Drops expired message envelopes from boxes, then removes every object that no box entry reaches through links
    /// and that was not put or booked within the grace period (nor links from one that was).
    /// </summary>
    Task<CollectionReport> CollectAsync();
}
