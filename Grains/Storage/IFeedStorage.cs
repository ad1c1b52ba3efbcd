using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Sequences;

namespace ObjectStore.Storage;

/// <summary>
/// What a feed keeps in the database: its definition, a cursor per selected partition and its dead letters. The
/// messages themselves are the partition logs' entries, so nothing is written per message until it dead-letters.
/// </summary>
public interface IFeedStorage
{
    Task<FeedRecord?> GetFeedAsync(Hash feedHash, CancellationToken cancellationToken);

    /// <summary>
    /// Creates or redefines the feed. A newly selected partition's cursor starts where <see cref="FeedDefinition.Starts"/>
    /// says, else at the end of its log; a partition no longer selected loses its cursor and dead letters. A new firehose feed's cursor starts at the firehose's beginning or
    /// after its last commit readable now. A start after
    /// a position beyond the log's end is <see cref="Errors.InvalidInputException"/>, and then nothing is saved.
    /// </summary>
    Task SaveFeedAsync(FeedDefinition feed, CancellationToken cancellationToken);

    /// <summary>How many feeds <paramref name="owner"/> owns.</summary>
    Task<int> CountFeedsAsync(long owner, CancellationToken cancellationToken);

    Task DeleteFeedAsync(Hash feedHash, CancellationToken cancellationToken);

    /// <summary>Each stored cursor of the feed beside the last entry of its partition's log.</summary>
    Task<IReadOnlyList<PartitionLag>> ListLagAsync(Hash feedHash, CancellationToken cancellationToken);

    /// <summary>Moves a firehose feed's cursor forwards (never back).</summary>
    Task AdvanceFirehoseCursorAsync(Hash feedHash, FirehosePosition ackedThrough, CancellationToken cancellationToken);

    /// <summary>Moves cursors forwards (never back), each to the sequence given for its partition.</summary>
    Task AdvanceCursorsAsync(Hash feedHash, IReadOnlyDictionary<Hash, long> ackedThrough, CancellationToken cancellationToken);

    Task SetExpiryAsync(Hash feedHash, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    Task AddDeadLetterAsync(Hash feedHash, MessageKey message, int attempts, DateTimeOffset deadAt, CancellationToken cancellationToken);

    Task<int> CountDeadLettersAsync(Hash feedHash, CancellationToken cancellationToken);

    /// <summary>
    /// Dead letters (or requeued ones) oldest first, each with its log entry; only those of <paramref name="partitions"/>
    /// when given (the partitions a caller may read), so that the limit counts what the caller will see.
    /// </summary>
    Task<IReadOnlyList<DeadLetterRecord>> ListDeadLettersAsync(Hash feedHash, bool requeued, int limit, IReadOnlyCollection<Hash>? partitions, CancellationToken cancellationToken);

    /// <summary>Marks dead letters requeued (every one when <paramref name="messages"/> is null); answers how many changed.</summary>
    Task<int> RequeueDeadLettersAsync(Hash feedHash, IReadOnlyList<MessageKey>? messages, CancellationToken cancellationToken);

    Task RemoveDeadLetterAsync(Hash feedHash, MessageKey message, CancellationToken cancellationToken);

    /// <summary>The feeds that hold a cursor in <paramref name="partitionHash"/>'s log: those that follow it.</summary>
    Task<IReadOnlyList<Hash>> ListFollowersAsync(Hash partitionHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<Hash>> FindExpiredFeedsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}
