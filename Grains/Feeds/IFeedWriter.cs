using ObjectStore.Grains;

namespace ObjectStore.Feeds;

/// <summary>The feed grain's side that only the store calls: the upsert (after the feed hash is computed) and expiry.</summary>
[Alias("ObjectStore.IFeedWriter")]
public interface IFeedWriter : IFeedGrain
{
    Task<Feed> UpsertAsync(long caller, UpsertFeedRequest request);

    /// <summary>Removes the feed if it is still expired at <paramref name="now"/>; answers whether it did.</summary>
    Task<bool> ExpireAsync(DateTimeOffset now);
}
