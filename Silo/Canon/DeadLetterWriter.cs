using System.Globalization;
using ObjectStore.Feeds;

namespace ObjectStore.Silo.Canon;

/// <summary>
/// The bodies of the dead-letter endpoints, which Symphony's model does not have (so they carry no <c>_type</c>): the
/// dead letters, and how many a requeue put back.
/// </summary>
public static class DeadLetterWriter
{
    /// <summary>An array of <c>{attempts, deadSince, messageId, payload}</c>; a payload is left out once its version was removed.</summary>
    public static byte[] Write(IEnumerable<DeadLetter> deadLetters) => CanonWriter.Document(writer => writer.Array(deadLetters, Write));

    public static byte[] Requeued(int count) => CanonWriter.Document(writer =>
    {
        writer.StartObject();
        writer.Number("requeued", count);
        writer.EndObject();
    });

    private static void Write(CanonWriter writer, DeadLetter deadLetter)
    {
        writer.StartObject();
        writer.Number("attempts", deadLetter.Attempts);
        writer.String("deadSince", deadLetter.DeadSince.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.String("messageId", deadLetter.MessageId);
        writer.Canonical("payload", deadLetter.Payload?.Canonical);
        writer.EndObject();
    }
}
