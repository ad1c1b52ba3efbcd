namespace ObjectStore.Feeds;

/// <summary>
/// Where a newly selected partition's messages begin: after a position of its log (<see cref="Beginning"/> is after 0),
/// or at the first entry committed at or after a time. A selection without one starts now: at its partition's next write.
/// It applies only when the feed first selects the partition; a redefinition keeps the place the feed has in a
/// partition it already selects.
/// </summary>
/// <param name="AfterSequence">The log position the feed starts after (0 to the partition's last), or null.</param>
/// <param name="Time">The commit time the feed starts at, or null; give this or <paramref name="AfterSequence"/>.</param>
[GenerateSerializer, Immutable, Alias("ObjectStore.FeedStart")]
public sealed record FeedStart(
    [property: Id(0)] long? AfterSequence = null,
    [property: Id(1)] DateTimeOffset? Time = null)
{
    /// <summary>The whole log, from its first entry.</summary>
    public static FeedStart Beginning { get; } = new(AfterSequence: 0);

    public static FeedStart After(long sequence) => new(AfterSequence: sequence);

    public static FeedStart At(DateTimeOffset time) => new(Time: time);
}
