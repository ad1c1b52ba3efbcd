using System.Globalization;
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
    /// <summary>The instants a selection's start may name: ISO-8601 with up to 7 fractional digits and its offset.</summary>
    private static readonly string[] InstantFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

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
                OptionalString(selection, "sortKeyPrefix", $"{item.Field}.sortKeyPrefix"),
                Start(selection, $"{item.Field}.start"));
        }).ToList();
        var deprecated = OptionalArray(root, "partitionHashes", "partition hashes").Select(item =>
            new PartitionSelection(Hash.Parse(item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString() : null, item.Field)));
        var expiry = OptionalMilliseconds(root, "expiryTime");
        var isTimeToLive = expiry <= (long)UpsertFeedRequest.MaxTimeToLive.TotalMilliseconds;
        return new UpsertFeedRequest(PartitionRequestReader.NamedUserId(root, "feedId", "feed"), [.. current, .. deprecated.Where(selection => !current.Any(chosen => chosen with { Start = null } == selection))],
            PartitionRequestReader.UserPermissions(root),
            expiry is { } time && !isTimeToLive ? DateTimeOffset.FromUnixTimeMilliseconds(time) : null,
            expiry is { } timeToLive && isTimeToLive ? TimeSpan.FromMilliseconds(timeToLive) : null,
            OptionalBoolean(root, "ordered"),
            Firehose(root));
    });

    /// <summary>The upsert's <c>firehose</c>, an extension: <c>"now"</c> or <c>"beginning"</c> makes a feed of the whole store starting there.</summary>
    private static FeedStart? Firehose(JsonElement root) => OptionalString(root, "firehose", "firehose") switch
    {
        null => null,
        "now" => new FeedStart(),
        "beginning" => FeedStart.Beginning,
        var other => throw new InvalidInputException($"'firehose' must be \"now\" or \"beginning\", was \"{other}\"."),
    };

    /// <summary>
    /// A selection's <c>start</c>, an extension: <c>"now"</c> (as none), <c>"beginning"</c>, a time as an ISO-8601
    /// instant with its offset (<c>"2025-01-31T12:00:00Z"</c>), or a log position as a number (start after it).
    /// </summary>
    private static FeedStart? Start(JsonElement selection, string field)
    {
        if (!selection.TryGetProperty("start", out var start) || start.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (start.ValueKind == JsonValueKind.Number)
        {
            return start.TryGetInt64(out var sequence)
                ? FeedStart.After(sequence)
                : throw new InvalidInputException($"'{field}' as a log position must be a 64-bit integer.");
        }

        return StringOf(start, field) switch
        {
            "now" => null,
            "beginning" => FeedStart.Beginning,
            var time when TryParseInstant(time, out var at) => FeedStart.At(at),
            var other => throw new InvalidInputException($"'{field}' must be \"now\", \"beginning\", an ISO-8601 time with its offset or a log position, was \"{other}\"."),
        };
    }

    /// <summary>An ISO-8601 instant that says its offset (<c>Z</c> or <c>+hh:mm</c>): a time without one would be the silo's local time.</summary>
    private static bool TryParseInstant(string text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);

    private static bool? OptionalBoolean(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw new InvalidInputException($"'{name}' must be true or false.");
    }

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
