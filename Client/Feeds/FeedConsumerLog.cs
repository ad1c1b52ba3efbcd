using Microsoft.Extensions.Logging;
using ObjectStore.Objects;

namespace ObjectStore.Client.Feeds;

/// <summary>
/// What a <see cref="FeedConsumer"/> and its helpers log. The event names are part of the contract: operators filter on
/// them, and tests wait for them instead of sleeping.
/// </summary>
internal static partial class FeedConsumerLog
{
    [LoggerMessage(EventId = 1, EventName = "FeedFetchFailed", Level = LogLevel.Warning,
        Message = "Fetching from feed {FeedHash} failed ({Failures} in a row); trying again in {Backoff}.")]
    public static partial void FetchFailed(this ILogger logger, Exception exception, Hash feedHash, int failures, TimeSpan backoff);

    [LoggerMessage(EventId = 2, EventName = "FeedRefused", Level = LogLevel.Error,
        Message = "Feed {FeedHash} refused the consumer; it stops fetching.")]
    public static partial void Refused(this ILogger logger, Exception exception, Hash feedHash);

    [LoggerMessage(EventId = 3, EventName = "FeedHandlerFailed", Level = LogLevel.Warning,
        Message = "The handler failed on message {MessageId} of feed {FeedHash} (delivery {Attempt}); it comes back after the retry delay.")]
    public static partial void HandlerFailed(this ILogger logger, Exception exception, Hash feedHash, string messageId, int attempt);

    [LoggerMessage(EventId = 4, EventName = "FeedVisibilityExtended", Level = LogLevel.Debug,
        Message = "Message {MessageId} of feed {FeedHash} is invisible for {Seconds} s more while its handler runs.")]
    public static partial void VisibilityExtended(this ILogger logger, Hash feedHash, string messageId, int seconds);

    [LoggerMessage(EventId = 5, EventName = "FeedExtensionFailed", Level = LogLevel.Warning,
        Message = "Could not extend the visibility of message {MessageId} of feed {FeedHash}; another consumer may get it if the next extension fails too.")]
    public static partial void ExtensionFailed(this ILogger logger, Exception exception, Hash feedHash, string messageId);

    [LoggerMessage(EventId = 6, EventName = "FeedMessageReleased", Level = LogLevel.Debug,
        Message = "Message {MessageId} of feed {FeedHash} (delivery {Attempt}) is visible again in {Seconds} s.")]
    public static partial void MessageReleased(this ILogger logger, Hash feedHash, string messageId, int attempt, int seconds);

    [LoggerMessage(EventId = 7, EventName = "FeedAcknowledgementFailed", Level = LogLevel.Warning,
        Message = "Could not acknowledge {Count} messages of feed {FeedHash}; they are delivered again after their visibility timeout.")]
    public static partial void AcknowledgementFailed(this ILogger logger, Exception exception, Hash feedHash, int count);

    [LoggerMessage(EventId = 8, EventName = "FeedReleaseFailed", Level = LogLevel.Warning,
        Message = "Could not release {Count} messages of feed {FeedHash}; they are delivered again after their visibility timeout.")]
    public static partial void ReleaseFailed(this ILogger logger, Exception exception, Hash feedHash, int count);
}
