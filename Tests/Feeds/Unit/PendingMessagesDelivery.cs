using ObjectStore.Feeds;
using ObjectStore.Objects;

namespace ObjectStore.Tests.Feeds.Unit;

/// <summary>What a fetch does with the buffer once it knows what the caller may read: the next in line, handed out.</summary>
internal static class PendingMessagesDelivery
{
    /// <summary>Hands out up to <paramref name="maxItems"/> visible messages of the <paramref name="readable"/> partitions.</summary>
    public static IReadOnlyList<FeedMessage> Deliver(this PendingMessages messages, int maxItems, IReadOnlySet<Hash> readable, DateTimeOffset now,
        TimeSpan visibilityTimeout, bool ordered = false) =>
        messages.HandOut(messages.NextInLine(maxItems, readable.Contains, ordered), now, visibilityTimeout, ordered, delivered: null);
}
