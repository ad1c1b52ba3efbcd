namespace ObjectStore.Feeds;

/// <summary>
/// One fetch: first the acknowledgement is applied, then up to <see cref="MaxItems"/> (0 to 10) visible messages are
/// returned, waiting up to <see cref="WaitTimeSeconds"/> (0 to 20) for the first one to arrive. <see cref="MaxItems"/> 0
/// only acknowledges (as Allegro does after handling what it fetched): it takes no message and never waits.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.FeedRequest")]
public sealed record FeedRequest(
    [property: Id(0)] int MaxItems = 1,
    [property: Id(1)] int WaitTimeSeconds = 0,
    [property: Id(2)] FeedAcknowledgement? Acknowledgement = null)
{
    public const int MaxItemsLimit = 10;
    public const int MaxWaitTimeSeconds = 20;
}
