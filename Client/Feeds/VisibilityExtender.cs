using Microsoft.Extensions.Logging;
using ObjectStore.Feeds;
using ObjectStore.Objects;

namespace ObjectStore.Client.Feeds;

/// <summary>
/// Keeps a message invisible to other consumers while its handler runs: every third of the visibility timeout it makes
/// the message invisible for the whole timeout again, so that an extension that fails once still leaves a third of the
/// timeout for the next one.
/// </summary>
/// <param name="extend">Sends one visibility change to the feed.</param>
internal sealed class VisibilityExtender(
    Func<VisibilityChange, Task> extend, int visibilityTimeoutSeconds, TimeProvider time, ILogger logger, Hash feedHash)
{
    private readonly TimeSpan _period = TimeSpan.FromSeconds(visibilityTimeoutSeconds) / 3;

    /// <summary>
    /// Extends until <paramref name="handlerDone"/> is cancelled, and completes only once the extension on its way then
    /// has answered: one that landed after the message was let go would undo its retry delay. Call it just before the
    /// handler starts: the period counts from the call, and keeps its pace whatever each extension takes.
    /// </summary>
    public async Task KeepInvisibleAsync(FeedMessage message, CancellationToken handlerDone)
    {
        using var timer = new PeriodicTimer(_period, time);
        // The end of the handler stops the timer rather than cancel the wait: a cancelled wait throws, and a consumer
        // that handles thousands of messages a second spent a tenth of its CPU on those exceptions (F2 profile). A
        // stopped timer answers false before it looks for a tick, so a tick that came while the last extension was on
        // its way brings no more once the handler is done.
        using var stop = handlerDone.Register(timer.Dispose);
        while (await timer.WaitForNextTickAsync())
        {
            await ExtendAsync(message);
        }
    }

    private async Task ExtendAsync(FeedMessage message)
    {
        try
        {
            await extend(new VisibilityChange(message.ReceiptHandle, visibilityTimeoutSeconds));
            logger.VisibilityExtended(feedHash, message.MessageId, visibilityTimeoutSeconds);
        }
        catch (Exception e)
        {
            logger.ExtensionFailed(e, feedHash, message.MessageId);
        }
    }
}
