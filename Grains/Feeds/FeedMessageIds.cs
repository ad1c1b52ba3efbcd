using ObjectStore.Errors;
using ObjectStore.Storage;

using ObjectStore.Objects;

namespace ObjectStore.Feeds;

/// <summary>A message id names the log entry it delivers: <c>{partition hash, URL-safe}:{sequence}</c>.</summary>
public static class FeedMessageIds
{
    public static string Of(MessageKey key) => $"{key.PartitionHash.ToUrlSafe()}:{key.Sequence}";

    public static MessageKey Parse(string messageId)
    {
        var separator = messageId?.LastIndexOf(':') ?? -1;
        if (separator > 0 && Hash.TryParse(messageId![..separator], out var partitionHash)
            && long.TryParse(messageId[(separator + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence))
        {
            return new MessageKey(partitionHash, sequence);
        }

        throw new InvalidInputException($"'{messageId}' is not a feed message id (partition hash, a colon, a sequence number).");
    }
}
