using ObjectStore.Feeds;
using ObjectStore.Objects;

namespace ObjectStore.Silo.Canon;

/// <summary>A feed and the messages fetched from it, in the Canon shapes of the REST model.</summary>
public static class FeedWriter
{
    /// <summary>
    /// A Feed; its <c>id</c> is the NamedUserIdObject exactly as the grain hashed it. Symphony's <c>queueName</c> names
    /// its SQS queue, which this store does not have.
    /// </summary>
    public static byte[] Write(Feed feed) => CanonWriter.TypedDocument(CanonTypes.Feed, writer =>
    {
        writer.Number("expiryTime", feed.ExpiryTime.ToUnixTimeMilliseconds());
        writer.Number("hashType", Hash.Sha256TypeId);
        writer.Canonical("id", feed.CanonicalId);
    });

    /// <summary>An array of FeedObject, each payload the stored version's canonical bytes.</summary>
    public static byte[] Messages(IEnumerable<FeedMessage> messages) => CanonWriter.Document(writer => writer.Array(messages, Write));

    private static void Write(CanonWriter writer, FeedMessage message)
    {
        writer.StartObject();
        writer.TypeAndVersion(CanonTypes.FeedObject);
        writer.String("messageId", message.MessageId);
        writer.Name("payload");
        ObjectWriter.Write(writer, message.Payload);
        writer.String("receiptHandle", message.ReceiptHandle);
        writer.EndObject();
    }
}
