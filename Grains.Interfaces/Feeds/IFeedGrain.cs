using Orleans.Concurrency;

namespace ObjectStore.Feeds;

/// <summary>
/// One feed (key: the feed hash): its selections, and the delivery state of its messages. Its owner and the readers
/// it lists may fetch; only its owner may change or delete it. Create it through <see cref="Objects.IObjectStoreGrain.UpsertFeedAsync"/>.
/// </summary>
[Alias("ObjectStore.IFeedGrain")]
public interface IFeedGrain : IGrainWithStringKey
{
    Task<Feed> GetAsync(long caller);

    /// <summary>
    /// Answers the feed to one of its readers and keeps it alive as a fetch does (its expiry moves to the idle expiry
    /// from now): what Allegro's <c>POST /feeds/endpoint</c> asks before it fetches.
    /// </summary>
    Task<Feed> RefreshAsync(long caller);

    /// <summary>Deletes the feed and everything it holds; fetching from it is then not-found.</summary>
    Task DeleteAsync(long caller);

    /// <summary>Applies the request's acknowledgement, then returns visible messages (long-polling when there are none).</summary>
    /// <remarks>
    /// Cancelling the token ends a long poll early, with an <see cref="OperationCanceledException"/>. Always
    /// interleaves, so that a waiting poll does not hold up what would wake it (stream notices, acknowledgements,
    /// other fetches); the grain's other calls run one at a time.
    /// </remarks>
    [AlwaysInterleave]
    Task<IReadOnlyList<FeedMessage>> FetchAsync(long caller, FeedRequest request, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges and changes visibility without fetching. Stale or unknown receipt handles are ignored.</summary>
    Task AcknowledgeAsync(long caller, FeedAcknowledgement acknowledgement);

    Task<FeedStatus> GetStatusAsync(long caller);

    /// <summary>The dead letters, oldest first.</summary>
    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(long caller, int limit);

    /// <summary>Puts dead letters back on the feed (all of them when <paramref name="messageIds"/> is empty); owner only. Answers how many.</summary>
    Task<int> RequeueDeadLettersAsync(long caller, IReadOnlyList<string> messageIds);
}
