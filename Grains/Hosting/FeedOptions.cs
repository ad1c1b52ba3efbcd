namespace ObjectStore.Hosting;

/// <summary>How feeds deliver (section <c>ObjectStore:Feeds</c>).</summary>
public sealed class FeedOptions
{
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

    public IEnumerable<string> Validate(string section)
    {
        if (VisibilityTimeout < TimeSpan.FromSeconds(1) || VisibilityTimeout > TimeSpan.FromHours(12))
        {
            yield return $"{section}:VisibilityTimeout must be between 00:00:01 and 12:00:00, was {VisibilityTimeout}.";
        }

        if (MaxAttempts is < 1 or > 1000)
        {
            yield return $"{section}:MaxAttempts must be between 1 and 1000, was {MaxAttempts}.";
        }

        if (IdleExpiry < TimeSpan.FromMinutes(1))
        {
            yield return $"{section}:IdleExpiry must be at least 00:01:00, was {IdleExpiry}.";
        }

        if (CatchUpInterval < TimeSpan.FromMilliseconds(100) || CatchUpInterval > TimeSpan.FromHours(1))
        {
            yield return $"{section}:CatchUpInterval must be between 00:00:00.1 and 01:00:00, was {CatchUpInterval}.";
        }

        if (BufferSize is < 10 or > 100_000)
        {
            yield return $"{section}:BufferSize must be between 10 and 100000, was {BufferSize}.";
        }
    }
}
