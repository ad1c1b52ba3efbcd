namespace ObjectStore.Feeds;

/// <summary>How feeds deliver (section <c>ObjectStore:Feeds</c>); checked by <see cref="FeedOptionsValidator"/>.</summary>
public sealed class FeedOptions
{
    public const string SectionName = "ObjectStore:Feeds";

    /// <summary>How long a fetched message stays invisible unless the consumer extends or acknowledges it.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries of a message before it moves to the feed's dead letters.</summary>
    public int MaxAttempts { get; set; } = 25;

    /// <summary>A feed nobody fetches from for this long is removed.</summary>
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How often an active feed reads the partition logs for writes whose notices were lost (a silo died between a
    /// commit and its notice). A gap in sequence numbers is noticed at once; this bounds the delay when none follows.
    /// </summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most messages a feed holds in memory; the rest wait in the partition logs.</summary>
    public int BufferSize { get; set; } = 1000;

    /// <summary>
    /// The most payload bytes a feed holds in memory (one message may cross it); the rest wait in the partition logs.
    /// <see cref="BufferSize"/> messages of the largest objects would otherwise hold a gigabyte per feed.
    /// </summary>
    public long BufferBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The most feeds one user owns: each holds a buffer, so their number bounds what one user costs the silos.</summary>
    public int MaxFeedsPerUser { get; set; } = 100;

    /// <summary>The most partition selections one feed makes: each is a cursor, a stream subscription and a log to read.</summary>
    public int MaxSelections { get; set; } = 100;
}
