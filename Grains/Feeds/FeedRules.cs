using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;

namespace ObjectStore.Feeds;

/// <summary>
/// A feed's definition and the rules around it: what an upsert may define, who may read the feed and who may change
/// it, and how much one fetch or acknowledgement may ask for.
/// </summary>
/// <param name="feedHash">The feed hash the grain's key spells (the default hash when the key spells none).</param>
/// <param name="feedKey">The grain's key, as the caller named the feed.</param>
/// <param name="maxSelections">The most partition selections a definition makes.</param>
/// <param name="isAdministrator">Whether a user administers the store: only they may define and read a firehose feed.</param>
internal sealed class FeedRules(Hash feedHash, string feedKey, int maxSelections, Func<long, bool>? isAdministrator = null)
{
    private const int MaxAcknowledgements = 100;
    private const string AdministratorsSetting = "ObjectStore:Administrators:UserIds";
    private const int MaxVisibilityTimeoutSeconds = 12 * 60 * 60;
    private const int MaxDeadLetters = 1000;
    private static readonly TimeSpan MaxExpiryMargin = TimeSpan.FromMinutes(1);

    /// <summary>The feed as stored, or null when there is none (never created, deleted or expired).</summary>
    public FeedDefinition? Definition { get; private set; }

    public void Adopt(FeedDefinition definition) => Definition = definition;

    public void Forget() => Definition = null;

    /// <summary>
    /// Checks an upsert and answers the definition it makes. The caller must be the user the feed ID names,
    /// <paramref name="requireRead"/> refuses unless a user (the owner and every reader) may read a partition; the
    /// expiry and time to live are as <see cref="Expiry"/> says.
    /// </summary>
    public async Task<FeedDefinition> DefineAsync(
        long caller,
        UpsertFeedRequest request,
        Func<Hash, long, Task> requireRead,
        TimeProvider clock,
        TimeSpan idleExpiry)
    {
        if (request?.Id is null)
        {
            throw new InvalidInputException("'feedId' is required: the NamedUserIdObject {name, userId} of the feed.");
        }

        var canonicalId = PartitionIds.Canonicalize(request.Id, "feed");
        if (CanonicalJson.HashOf(canonicalId) != feedHash)
        {
            throw new InvalidInputException($"The feed ID hashes to {CanonicalJson.HashOf(canonicalId)}, not to {feedKey}.");
        }

        var owner = request.Id.UserId;
        if (caller != owner)
        {
            throw new ForbiddenException($"Only user {owner}, whose id the feed ID names, may create, change or delete this feed.");
        }

        var readers = ValidateReaders(owner, request.Readers ?? []);
        if (request.Firehose is not null || Definition?.Firehose is not null)
        {
            return DefineFirehose(request, canonicalId, readers.Prepend(owner), clock.GetUtcNow(), idleExpiry);
        }

        var selections = ValidateSelections(request.Selections);
        foreach (var partition in selections.Select(selection => selection.PartitionHash).Distinct())
        {
            foreach (var user in readers.Prepend(owner))
            {
                await requireRead(partition, user);
            }
        }

        var now = clock.GetUtcNow();
        var starts = FeedStarts.Of(selections, now);
        var (expiresAt, timeToLive) = Expiry(request, now, idleExpiry);
        return new FeedDefinition(feedHash, request.Id, canonicalId, [.. selections.Select(selection => selection with { Start = null })], readers,
            expiresAt, timeToLive, request.Ordered ?? Definition?.Ordered ?? false, starts);
    }

    /// <summary>
    /// A firehose feed: no partition selections, administrators as its owner and readers, a start now or at the
    /// beginning, and a firehose feed already (or a new feed): a feed of partitions has no place in the firehose to keep,
    /// nor a firehose feed in partitions' logs, so neither becomes the other.
    /// </summary>
    private FeedDefinition DefineFirehose(UpsertFeedRequest request, byte[] canonicalId, IEnumerable<long> users, DateTimeOffset now, TimeSpan idleExpiry)
    {
        if (request.Firehose is not { } start || (Definition is not null && Definition.Firehose is null))
        {
            throw new InvalidInputException($"Feed {feedHash} {(request.Firehose is null ? "is" : "is not")} a firehose feed, and a feed cannot change between selecting the whole store and selecting partitions; delete it and create it again.");
        }

        if (request.Selections is { Count: > 0 })
        {
            throw new InvalidInputException("A firehose feed selects the whole store: give it no 'partitionSelections'.");
        }

        if (start.Time is not null || start.AfterSequence is not (null or 0))
        {
            throw new InvalidInputException("'firehose' starts \"now\" or at the \"beginning\".");
        }

        if (users.FirstOrDefault(user => isAdministrator?.Invoke(user) != true) is var refused and not 0)
        {
            throw new ForbiddenException($"User {refused} is not an administrator of the store ({AdministratorsSetting}): a firehose feed is theirs alone, its owner's and its readers'.");
        }

        var (expiresAt, timeToLive) = Expiry(request, now, idleExpiry);
        return new FeedDefinition(feedHash, request.Id, canonicalId, [], [.. users.Skip(1)], expiresAt, timeToLive,
            request.Ordered ?? Definition?.Ordered ?? false, Firehose: start);
    }

    /// <summary>
    /// When a feed defined now is removed unless used, and the time to live each use extends it by: a time to live given
    /// expires the feed that long from now; an expiry time (which must lie in the future) stands until a use extends it
    /// by <paramref name="idleExpiry"/>; neither keeps the time to live the feed has (a redefinition) or else takes
    /// <paramref name="idleExpiry"/>, from now.
    /// </summary>
    private (DateTimeOffset ExpiresAt, TimeSpan? TimeToLive) Expiry(UpsertFeedRequest request, DateTimeOffset now, TimeSpan idleExpiry)
    {
        if (request.TimeToLive is { } timeToLive)
        {
            if (request.ExpiryTime is not null)
            {
                throw new InvalidInputException("Give the feed a time to live or an expiry time, not both.");
            }

            return timeToLive >= UpsertFeedRequest.MinTimeToLive && timeToLive <= UpsertFeedRequest.MaxTimeToLive
                ? (now + timeToLive, timeToLive)
                : throw new InvalidInputException(
                    $"'expiryTime' as a time to live must be {UpsertFeedRequest.MinTimeToLive.TotalMilliseconds:F0} to {UpsertFeedRequest.MaxTimeToLive.TotalMilliseconds:F0} milliseconds, was {timeToLive.TotalMilliseconds:F0}.");
        }

        if (request.ExpiryTime is { } expiresAt)
        {
            return expiresAt > now ? (expiresAt, null) : throw new InvalidInputException($"'expiryTime' must be in the future, was {expiresAt:O}.");
        }

        var kept = Definition?.TimeToLive;
        return (now + (kept ?? idleExpiry), kept);
    }

    /// <summary>
    /// A use keeps the feed at least its time to live (else <paramref name="idleExpiry"/>) from <paramref name="now"/>.
    /// An expiry that falls short is stored through <paramref name="store"/> with a margin beyond that, a tenth of the
    /// time to live and at most a minute, so that a busy feed writes its expiry once per margin rather than on every
    /// fetch, and is never removed before its time to live after its last use (a 60 s one is removed 60 to 66 s after).
    /// </summary>
    public async Task ExtendExpiryAsync(DateTimeOffset now, TimeSpan idleExpiry, Func<DateTimeOffset, Task> store)
    {
        if (Definition is not { } feed)
        {
            return;
        }

        var lifetime = feed.TimeToLive ?? idleExpiry;
        if (now + lifetime <= feed.ExpiresAt)
        {
            return;
        }

        var expiresAt = now + lifetime + ExpiryMargin(lifetime);
        await store(expiresAt);
        if (ReferenceEquals(Definition, feed))
        {
            Definition = feed with { ExpiresAt = expiresAt }; // Not when it was deleted or redefined meanwhile.
        }
    }

    private static TimeSpan ExpiryMargin(TimeSpan lifetime) =>
        lifetime / 10 < MaxExpiryMargin ? lifetime / 10 : MaxExpiryMargin;

    public FeedDefinition RequireFeed() =>
        Definition ?? throw new NotFoundException($"There is no feed {feedKey}.");

    public FeedDefinition RequireOwner(long caller)
    {
        var feed = RequireFeed();
        return caller == feed.Id.UserId ? feed : throw new ForbiddenException($"Only the owner of feed {feedHash} may change or delete it.");
    }

    public FeedDefinition RequireReader(long caller)
    {
        var feed = RequireFeed();
        if (caller != feed.Id.UserId && !feed.Readers.Contains(caller))
        {
            throw new ForbiddenException($"User {caller} may not read feed {feedHash}: only its owner and the users it lists may.");
        }

        // The administrators are a setting: one who is no longer one reads no more of the whole store.
        return feed.Firehose is null || isAdministrator?.Invoke(caller) == true
            ? feed
            : throw new ForbiddenException($"User {caller} is not an administrator of the store ({AdministratorsSetting}): firehose feed {feedHash} is theirs alone.");
    }

    /// <summary>The feed as its owner and readers see it.</summary>
    public static Feed Describe(FeedDefinition feed) =>
        new(feed.FeedHash, feed.Id, feed.CanonicalId, feed.Selections, [.. feed.Readers.Select(reader => new UserPermissions(reader, Permission.Read))], feed.ExpiresAt, feed.Ordered,
            feed.Firehose is not null);

    public static void Validate(FeedRequest request)
    {
        if (request is null)
        {
            throw new InvalidInputException("The feed request is required.");
        }

        if (request.MaxItems is < 0 or > FeedRequest.MaxItemsLimit)
        {
            throw new InvalidInputException($"'maxItems' must be between 0 (acknowledge only) and {FeedRequest.MaxItemsLimit}, was {request.MaxItems}.");
        }

        if (request.WaitTimeSeconds is < 0 or > FeedRequest.MaxWaitTimeSeconds)
        {
            throw new InvalidInputException($"'waitTimeSeconds' must be between 0 and {FeedRequest.MaxWaitTimeSeconds}, was {request.WaitTimeSeconds}.");
        }
    }

    public static void Validate(FeedAcknowledgement acknowledgement)
    {
        var deletes = acknowledgement.Delete ?? [];
        var extends = acknowledgement.Extend ?? [];
        if (deletes.Count > MaxAcknowledgements || extends.Count > MaxAcknowledgements)
        {
            throw new InvalidInputException($"A request deletes and extends at most {MaxAcknowledgements} receipt handles each.");
        }

        if (deletes.Any(string.IsNullOrEmpty) || extends.Any(change => change is null || string.IsNullOrEmpty(change.ReceiptHandle)))
        {
            throw new InvalidInputException("Every 'delete' and 'extend' needs its 'receiptHandle'.");
        }

        if (extends.FirstOrDefault(change => change.VisibilityTimeoutSeconds is < 0 or > MaxVisibilityTimeoutSeconds) is { } bad)
        {
            throw new InvalidInputException($"'visibilityTimeout' must be between 0 and {MaxVisibilityTimeoutSeconds} seconds, was {bad.VisibilityTimeoutSeconds}.");
        }
    }

    public static void ValidateDeadLetterLimit(int limit)
    {
        if (limit is < 1 or > MaxDeadLetters)
        {
            throw new InvalidInputException($"'limit' must be between 1 and {MaxDeadLetters}, was {limit}.");
        }
    }

    private List<PartitionSelection> ValidateSelections(IReadOnlyList<PartitionSelection>? selections)
    {
        if (selections is null || selections.Count == 0 || selections.Count > maxSelections)
        {
            throw new InvalidInputException($"A feed selects 1 to {maxSelections} partitions ('partitionSelections'), was {selections?.Count ?? 0}.");
        }

        foreach (var (selection, index) in selections.Select((selection, index) => (selection, index)))
        {
            if (selection is null || selection.PartitionHash.IsEmpty)
            {
                throw new InvalidInputException($"'partitionSelections[{index}].partitionHash' is required.");
            }

            if (selection.SortKeyPrefix is { } prefix)
            {
                TextChecks.RejectControlCharacters(prefix, $"partitionSelections[{index}].sortKeyPrefix");
            }
        }

        var repeated = selections.GroupBy(selection => selection with { Start = null }).FirstOrDefault(group => group.Count() > 1);
        return repeated is null
            ? [.. selections]
            : throw new InvalidInputException($"Partition {repeated.Key.PartitionHash} is selected more than once with the same sortKeyPrefix.");
    }

    private static List<long> ValidateReaders(long owner, IReadOnlyList<UserPermissions> readers)
    {
        foreach (var reader in readers)
        {
            if (reader is null || reader.UserId <= 0)
            {
                throw new InvalidInputException($"'userId' must be a positive user id, was {reader?.UserId}.");
            }

            if (reader.UserId == owner)
            {
                throw new InvalidInputException("The owner of a feed always reads it; do not list them.");
            }

            if ((reader.Permissions & ~Permission.Read) != 0)
            {
                throw new InvalidInputException($"User {reader.UserId} is given WRITE: READ is the only permission on a feed.");
            }
        }

        var repeated = readers.GroupBy(reader => reader.UserId).FirstOrDefault(group => group.Count() > 1);
        return repeated is null
            ? [.. readers.Where(reader => reader.Permissions.HasFlag(Permission.Read)).Select(reader => reader.UserId).Order()]
            : throw new InvalidInputException($"User {repeated.Key} is listed more than once.");
    }
}
