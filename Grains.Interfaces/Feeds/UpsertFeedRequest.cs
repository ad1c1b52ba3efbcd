using ObjectStore.Partitions;

namespace ObjectStore.Feeds;

/// <summary>
/// Creates a feed, or redefines it, for the user its ID names. The selections and readers given replace the
/// feed's: a partition still selected keeps its place in the log, a newly selected one starts at its next write.
/// </summary>
/// <param name="Id">The feed's NamedUserIdObject; the feed hash is its hash, the owner its userId.</param>
/// <param name="Readers">Other users who may fetch from the feed (READ is the only permission a feed has).</param>
/// <param name="ExpiryTime">
/// When the feed is removed if nobody fetches from it before; a fetch then keeps it the configured idle expiry. Without it
/// or <paramref name="TimeToLive"/>, a new feed expires the idle expiry from now, a redefined one keeps its time to live.
/// </param>
/// <param name="TimeToLive">
/// The feed is removed this long after the upsert, and after each later fetch, unless fetched from again (Allegro's
/// reading of <c>expiryTime</c>), <see cref="MinTimeToLive"/> to <see cref="MaxTimeToLive"/>; give it or
/// <paramref name="ExpiryTime"/>, not both.
/// </param>
/// <param name="Ordered">
/// Delivers each partition's messages in log order, at most one of a partition in flight at a time (see
/// <see cref="Feed.Ordered"/>); a redefinition sets it again (null keeps what the feed has, false for a new feed).
/// </param>
/// <param name="Firehose">
/// Makes the feed a firehose feed: it selects the whole store, every commit of every partition, in firehose order, and
/// nothing else (<paramref name="Selections"/> empty). Its owner and readers must be administrators
/// (<c>ObjectStore:Administrators:UserIds</c>). It starts now (a <see cref="FeedStart"/> of neither kind) or at the
/// <see cref="FeedStart.Beginning"/> of the firehose; a feed is a firehose feed, or not, for its whole life.
/// </param>
[GenerateSerializer, Immutable, Alias("ObjectStore.UpsertFeedRequest")]
public sealed record UpsertFeedRequest(
    [property: Id(0)] PartitionId Id,
    [property: Id(1)] IReadOnlyList<PartitionSelection> Selections,
    [property: Id(2)] IReadOnlyList<UserPermissions>? Readers = null,
    [property: Id(3)] DateTimeOffset? ExpiryTime = null,
    [property: Id(4)] TimeSpan? TimeToLive = null,
    [property: Id(5)] bool? Ordered = null,
    [property: Id(6)] FeedStart? Firehose = null)
{
    /// <summary>The shortest time to live Allegro's UpsertFeedRequest allows.</summary>
    public static readonly TimeSpan MinTimeToLive = TimeSpan.FromSeconds(60);

    /// <summary>The longest time to live Allegro's UpsertFeedRequest allows, and its default.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(5);
}
