namespace ObjectStore.Feeds;

/// <summary>
/// The beginning and end of a feed, which only the store calls: its definition (after the store computed the feed
/// hash) and its expiry.
/// </summary>
[Alias("ObjectStore.IFeedLifecycle")]
public interface IFeedLifecycle : IFeedGrain
{
    /// <summary>Creates the feed or redefines it; the caller must be the user the feed ID names.</summary>
    Task<Feed> UpsertAsync(long caller, UpsertFeedRequest request);

    /// <summary>Removes the feed if it is still expired at <paramref name="now"/>; answers whether it did.</summary>
    Task<bool> ExpireAsync(DateTimeOffset now);
}
