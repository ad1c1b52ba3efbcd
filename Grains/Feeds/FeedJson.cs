using System.Globalization;
using System.Text.Json.Nodes;
using ObjectStore.Objects;

namespace ObjectStore.Feeds;

/// <summary>
/// Feeds and their messages in the canonical Canon JSON shapes of the REST model, and the shapes of the dead-letter
/// endpoints, which Symphony's model does not have (so they carry no <c>_type</c>).
/// </summary>
public static class FeedJson
{
    public const string FeedType = "com.symphony.s2.model.object.Feed";
    public const string FeedObjectType = "com.symphony.s2.model.object.FeedObject";

    /// <summary>A Feed; Symphony's <c>queueName</c> names its SQS queue, which this store does not have.</summary>
    public static byte[] Write(Feed feed) => CanonicalJson.Serialize(new JsonObject
    {
        ["_type"] = FeedType,
        ["_version"] = "1.0",
        ["expiryTime"] = feed.ExpiryTime.ToUnixTimeMilliseconds(),
        ["hashType"] = Hash.Sha256TypeId,
        ["id"] = JsonNode.Parse(feed.CanonicalId),
    });

    public static byte[] Write(FeedMessage message) => CanonicalJson.Serialize(new JsonObject
    {
        ["_type"] = FeedObjectType,
        ["_version"] = "1.0",
        ["messageId"] = message.MessageId,
        ["payload"] = JsonNode.Parse(message.Payload.Canonical),
        ["receiptHandle"] = message.ReceiptHandle,
    });

    /// <summary>A dead letter; its payload is left out once the version it carried was removed.</summary>
    public static byte[] Write(DeadLetter deadLetter) => CanonicalJson.Serialize(new JsonObject
    {
        ["attempts"] = deadLetter.Attempts,
        ["deadSince"] = deadLetter.DeadSince.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["messageId"] = deadLetter.MessageId,
        ["payload"] = deadLetter.Payload is { } payload ? JsonNode.Parse(payload.Canonical) : null,
    });

    public static byte[] WriteRequeued(int count) => CanonicalJson.Serialize(new JsonObject { ["requeued"] = count });
}
