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
    /// <remarks>
    /// The extensions come only where they say something: <c>firehose</c> and <c>ordered</c> when the feed is, and with
    /// <paramref name="status"/> (what <c>GET /feeds/{feedHash}</c> answers) the counts and the lag per partition.
    /// </remarks>
    public static byte[] Write(Feed feed, FeedStatus? status = null) => CanonWriter.TypedDocument(CanonTypes.Feed, writer =>
    {
        if (status is not null)
        {
            writer.Number("deadLetters", status.DeadLetters);
        }

        writer.Number("expiryTime", feed.ExpiryTime.ToUnixTimeMilliseconds());
        if (feed.Firehose)
        {
            writer.Boolean("firehose", true);
        }

        writer.Number("hashType", Hash.Sha256TypeId);
        writer.Canonical("id", feed.CanonicalId);
        if (status is not null)
        {
            writer.Number("inFlight", status.InFlight);
        }

        if (feed.Ordered)
        {
            writer.Boolean("ordered", true);
        }

        if (status is not null)
        {
            writer.Name("partitions");
            writer.Array(status.Partitions, Write);
            writer.Number("pending", status.Pending);
        }
    });

    private static void Write(CanonWriter writer, PartitionLag lag)
    {
        writer.StartObject();
        writer.Number("ackedThrough", lag.AckedThrough);
        writer.Number("backlog", lag.Backlog);
        writer.Number("lastSequence", lag.LastSequence);
        writer.String("partitionHash", lag.PartitionHash.Value);
        writer.EndObject();
    }

    /// <summary>
    /// A FeedsEndpoint that sends the client to <c>POST /feeds/{hash}/objects</c> (<c>directFetch</c> false: there is no
    /// queue to read directly), valid until <paramref name="expirationDate"/>, an Instant in Canon's ISO-8601 form.
    /// </summary>
    public static byte[] Endpoint(string endPoint, DateTimeOffset expirationDate) => CanonWriter.TypedDocument(CanonTypes.FeedsEndpoint, writer =>
    {
        writer.Boolean("directFetch", false);
        writer.String("endPoint", endPoint);
        writer.String("expirationDate", expirationDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
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
