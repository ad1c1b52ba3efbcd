using System.Text.Json;
using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using static ObjectStore.Silo.Canon.RequestReader;

namespace ObjectStore.Silo.Canon;

/// <summary>
/// Reads the feed requests: an UpsertFeedRequest, a FeedRequest, the feed hashes of an endpoint request, and the message
/// ids of a requeue of dead letters.
/// </summary>
/// <remarks>
/// An UpsertFeedRequest's <c>expiryTime</c> is, for Allegro (0.5.3 on), a time to live in milliseconds, 60 s to 5 days;
/// this store read it as a time since the epoch. Both stay accepted because they cannot be confused: a number up to
/// 432,000,000 (5 days) is a time to live, since as a time it would be in the first days of 1970, long past; a larger
/// one is a time, since no time to live is that long.
/// </remarks>
public static class FeedRequestReader
{
    /// <summary>
    /// An UpsertFeedRequest; the deprecated <c>partitionHashes</c> are selections without a prefix, after
    /// <c>partitionSelections</c>. A client moving from one to the other may send a partition in both: it counts once.
    /// </summary>
    public static UpsertFeedRequest ReadUpsert(byte[] json) => ReadObject(json, CanonTypes.UpsertFeedRequest, root =>
    {
        var current = OptionalArray(root, "partitionSelections", "PartitionSelection").Select(item =>
        {
            var selection = RequireTyped(item, CanonTypes.PartitionSelection);
            return new PartitionSelection(
                Hash.Parse(RequiredString(selection, "partitionHash", $"{item.Field}.partitionHash"), $"{item.Field}.partitionHash"),
                OptionalString(selection, "sortKeyPrefix", $"{item.Field}.sortKeyPrefix"));
        }).ToList();
        var deprecated = OptionalArray(root, "partitionHashes", "partition hashes").Select(item =>
            new PartitionSelection(Hash.Parse(item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString() : null, item.Field)));
        var expiry = OptionalMilliseconds(root, "expiryTime");
        var isTimeToLive = expiry <= (long)UpsertFeedRequest.MaxTimeToLive.TotalMilliseconds;
        return new UpsertFeedRequest(PartitionRequestReader.NamedUserId(root, "feedId", "feed"), [.. current, .. deprecated.Where(selection => !current.Contains(selection))],
            PartitionRequestReader.UserPermissions(root),
            expiry is { } time && !isTimeToLive ? DateTimeOffset.FromUnixTimeMilliseconds(time) : null,
            expiry is { } timeToLive && isTimeToLive ? TimeSpan.FromMilliseconds(timeToLive) : null);
    });

    /// <summary>
    /// The feed hashes of Allegro's <c>POST /feeds/endpoint</c> (and <c>/feeds/credentials</c>): a JSON array of 1 to
    /// <paramref name="maxFeeds"/> hashes, as the client sends those of the feeds one fetch reads.
    /// </summary>
    public static IReadOnlyList<Hash> ReadFeedHashes(byte[] json, int maxFeeds) => ReadArray(json, "feed hashes", items =>
    {
        if (items.Count is 0 || items.Count > maxFeeds)
        {
            throw new InvalidInputException($"Name 1 to {maxFeeds} feed hashes, was {items.Count}.");
        }

        return items.Select(item => Hash.Parse(StringOf(item.Value, item.Field), item.Field)).ToList();
    });

    /// <summary>A FeedRequest: the receipt handles to delete and to extend, then how many messages to fetch and how long to wait.</summary>
    public static FeedRequest ReadFetch(byte[] json) => ReadObject(json, CanonTypes.FeedRequest, root =>
    {
        var defaults = new FeedRequest();
        var deletes = OptionalArray(root, "delete", "FeedObjectDelete").Select(item =>
            RequiredString(RequireTyped(item, CanonTypes.FeedObjectDelete), "receiptHandle", $"{item.Field}.receiptHandle")).ToList();
        var extends = OptionalArray(root, "extend", "FeedObjectExtend").Select(item =>
        {
            var extend = RequireTyped(item, CanonTypes.FeedObjectExtend);
            return new VisibilityChange(
                RequiredString(extend, "receiptHandle", $"{item.Field}.receiptHandle"),
                OptionalInt32(extend, "visibilityTimeout", $"{item.Field}.visibilityTimeout")
                    ?? throw new InvalidInputException($"'{item.Field}.visibilityTimeout' is required: the seconds the message stays invisible from now."));
        }).ToList();
        return new FeedRequest(
            OptionalInt32(root, "maxItems") ?? defaults.MaxItems,
            OptionalInt32(root, "waitTimeSeconds") ?? defaults.WaitTimeSeconds,
            deletes.Count + extends.Count == 0 ? null : new FeedAcknowledgement(deletes, extends));
    });

    /// <summary>The body of a requeue of dead letters, <c>{"messageIds":[...]}</c>; an empty body or list means all of them.</summary>
    public static IReadOnlyList<string> ReadRequeue(byte[] json) => json.AsSpan().Trim(" \t\r\n"u8).IsEmpty
        ? []
        : ReadObject(json, type: null, root => OptionalArray(root, "messageIds", "message ids").Select(item => StringOf(item.Value, item.Field)).ToList());
}
