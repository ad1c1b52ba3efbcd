using Microsoft.Extensions.Logging;
using ObjectStore.Objects;

namespace ObjectStore.Feeds;

public sealed partial class FeedGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {FeedHash} upserted (created: {Created}, selections: {Selections}).")]
    private partial void LogUpserted(Hash feedHash, bool created, int selections);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {FeedHash} deleted: {Reason}.")]
    private partial void LogDeleted(Hash feedHash, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {FeedHash}: message {MessageId} moved to the dead letters after {Attempts} deliveries.")]
    private partial void LogDeadLettered(Hash feedHash, string messageId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {FeedHash}: could not store its cursors; the next save stores them, and until then a silo's death would redeliver acknowledged messages.")]
    private partial void LogCursorSaveFailed(Exception exception, Hash feedHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {FeedHash}: {Count} dead letters put back.")]
    private partial void LogRequeued(Hash feedHash, int count);
}
