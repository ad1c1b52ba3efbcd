using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Feeds;

/// <summary>
/// A part of a partition a feed follows: every write committed in the partition whose sort key starts with
/// <see cref="SortKeyPrefix"/> (every write when it is null).
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.PartitionSelection")]
public sealed record PartitionSelection(
    [property: Id(0)] Hash PartitionHash,
    [property: Id(1)] string? SortKeyPrefix = null)
{
    public bool Matches(string sortKey) => SortKeyPrefix is null || sortKey.StartsWith(SortKeyPrefix, StringComparison.Ordinal);
}

/// <summary>
/// Creates a feed, or redefines it, for the user its ID names. The selections and readers given replace the
/// feed's: a partition still selected keeps its place in the log, a newly selected one starts at its next write.
/// </summary>
/// <param name="Id">The feed's NamedUserIdObject; the feed hash is its hash, the owner its userId.</param>
/// <param name="Readers">Other users who may fetch from the feed (READ is the only permission a feed has).</param>
/// <param name="ExpiryTime">When the feed is removed if nobody fetches from it before; default: the configured idle expiry from now.</param>
[GenerateSerializer, Immutable, Alias("ObjectStore.UpsertFeedRequest")]
public sealed record UpsertFeedRequest(
    [property: Id(0)] PartitionId Id,
    [property: Id(1)] IReadOnlyList<PartitionSelection> Selections,
    [property: Id(2)] IReadOnlyList<UserPermissions>? Readers = null,
    [property: Id(3)] DateTimeOffset? ExpiryTime = null);

/// <summary>A feed as stored. It expires at <see cref="ExpiryTime"/>, which every fetch pushes back.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.Feed")]
public sealed record Feed(
    [property: Id(0)] Hash FeedHash,
    [property: Id(1)] PartitionId Id,
    [property: Id(2)] byte[] CanonicalId,
    [property: Id(3)] IReadOnlyList<PartitionSelection> Selections,
    [property: Id(4)] IReadOnlyList<UserPermissions> Readers,
    [property: Id(5)] DateTimeOffset ExpiryTime);

/// <summary>Acknowledges (<see cref="Delete"/>) and changes the visibility of (<see cref="Extend"/>) messages by receipt handle.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.FeedAcknowledgement")]
public sealed record FeedAcknowledgement(
    [property: Id(0)] IReadOnlyList<string>? Delete = null,
    [property: Id(1)] IReadOnlyList<VisibilityChange>? Extend = null);

/// <summary>Makes an in-flight message invisible for <see cref="VisibilityTimeoutSeconds"/> from now (0: visible at once).</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.VisibilityChange")]
public sealed record VisibilityChange(
    [property: Id(0)] string ReceiptHandle,
    [property: Id(1)] int VisibilityTimeoutSeconds);

/// <summary>
/// One fetch: first the acknowledgement is applied, then up to <see cref="MaxItems"/> (1 to 10) visible messages are
/// returned, waiting up to <see cref="WaitTimeSeconds"/> (0 to 20) for the first one to arrive.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.FeedRequest")]
public sealed record FeedRequest(
    [property: Id(0)] int MaxItems = 1,
    [property: Id(1)] int WaitTimeSeconds = 0,
    [property: Id(2)] FeedAcknowledgement? Acknowledgement = null)
{
    public const int MaxItemsLimit = 10;
    public const int MaxWaitTimeSeconds = 20;
}

/// <summary>
/// A delivered message: the version a write committed (a tombstone for a delete). <see cref="MessageId"/> is the same
/// on every delivery of the write; <see cref="ReceiptHandle"/> is this delivery's, and only the latest one acts.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.FeedMessage")]
public sealed record FeedMessage(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string ReceiptHandle,
    [property: Id(2)] int Attempt,
    [property: Id(3)] StoredObject Payload);

/// <summary>A message that was delivered the maximum number of times without being acknowledged.</summary>
/// <param name="Payload">Null when the version was removed since (a physical delete or a purge).</param>
[GenerateSerializer, Immutable, Alias("ObjectStore.DeadLetter")]
public sealed record DeadLetter(
    [property: Id(0)] string MessageId,
    [property: Id(1)] int Attempts,
    [property: Id(2)] DateTimeOffset DeadSince,
    [property: Id(3)] StoredObject? Payload);

/// <summary>What a feed holds right now, for operators and tests.</summary>
/// <param name="Pending">Messages loaded and not acknowledged, in flight or not.</param>
/// <param name="InFlight">Pending messages delivered and not yet visible again.</param>
/// <param name="Backlog">Whether the partition logs hold more writes than the feed has loaded.</param>
[GenerateSerializer, Immutable, Alias("ObjectStore.FeedStatus")]
public sealed record FeedStatus(
    [property: Id(0)] int Pending,
    [property: Id(1)] int InFlight,
    [property: Id(2)] int DeadLetters,
    [property: Id(3)] bool Backlog);
