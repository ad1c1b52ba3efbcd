using ObjectStore.Objects;

namespace ObjectStore.Feeds;

/// <summary>
/// A delivered message: the version a write committed (a tombstone for a delete). <see cref="MessageId"/> is the same
/// on every delivery of the write; <see cref="ReceiptHandle"/> is this delivery's, and only the latest one acts.
/// </summary>
/// <param name="Ordered">
/// An ordered feed delivered it (<see cref="Feed.Ordered"/>): its partition's next message follows only once it is
/// acknowledged or dead-lettered, and a consumer hands its partition's messages to handlers one at a time.
/// </param>
/// <param name="CommittedAt">
/// When the write's transaction had committed, by the clock of the silo that committed it, if the feed learnt of the
/// write from that silo's notice; null when the feed found it by reading the log (a backlog, a catch-up, after a
/// restart). The time from it to a handler is the feed's own delivery latency. Not part of the HTTP message.
/// </param>
[GenerateSerializer, Immutable, Alias("ObjectStore.FeedMessage")]
public sealed record FeedMessage(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string ReceiptHandle,
    [property: Id(2)] int Attempt,
    [property: Id(3)] StoredObject Payload,
    [property: Id(4)] bool Ordered = false,
    [property: Id(5)] DateTimeOffset? CommittedAt = null);
