using Microsoft.Extensions.Logging;
using ObjectStore.Feeds;
using ObjectStore.Objects;

namespace ObjectStore.Client.Feeds;

/// <summary>
/// Runs the handler of each fetched message on the thread pool, with its message kept invisible meanwhile (an ordered
/// feed's in its partition's turn), then acknowledges it when the handler succeeded or lets it go when it threw, and
/// gives back the message's slot. Every fetch in flight starts its messages here.
/// </summary>
internal sealed class HandlerRuns(
    FeedEndpoint feed,
    Hash feedHash,
    Func<FeedMessage, CancellationToken, Task> handler,
    CancellationToken handlersCancelled,
    int retryDelaySeconds,
    VisibilityExtender extender,
    FetchSlots slots,
    AcknowledgementBatcher acknowledgements,
    ILogger logger)
{
    private readonly PartitionTurns _turns = new();
    private readonly List<Task> _running = [];
    private readonly Lock _runningGate = new();

    /// <summary>Starts the handlers of one fetch's messages; each holds one of the slots the fetch took.</summary>
    public void Start(IReadOnlyList<FeedMessage> messages)
    {
        lock (_runningGate)
        {
            _running.RemoveAll(run => run.IsCompleted);
            foreach (var message in messages)
            {
                // Turns are taken in the order the fetches answered; an unordered feed's handlers run side by side.
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var turn = message.Ordered ? _turns.TakeTurn(message.Payload.PartitionHash, done.Task) : Task.CompletedTask;

                // On the thread pool, so that a handler that blocks before its first await does not hold up the next fetch.
                _running.Add(Task.Run(() => HandleAsync(message, turn, done), CancellationToken.None));
            }
        }
    }

    /// <summary>Completes when every handler started has finished and its message was acknowledged (queued) or let go.</summary>
    public Task WhenAllDoneAsync()
    {
        lock (_runningGate)
        {
            return Task.WhenAll(_running.ToArray());
        }
    }

    /// <param name="turn">Completes when the handler may run: its partition's message before it was handled (ordered feeds).</param>
    /// <param name="done">Completed once the message is acknowledged or let go: the next message of its partition may run.</param>
    private async Task HandleAsync(FeedMessage message, Task turn, TaskCompletionSource done)
    {
        try
        {
            if (await RunHandlerAsync(message, turn))
            {
                // Before the slot is freed: a fetch that the freed slot starts carries the acknowledgement.
                acknowledgements.Add(message.ReceiptHandle);
            }
            else
            {
                await feed.ReleaseAsync([message], retryDelaySeconds);
            }
        }
        finally
        {
            done.SetResult();
            slots.GiveBack();
        }
    }

    /// <summary>Runs the handler, once its turn came, with its message kept invisible meanwhile; answers whether it succeeded.</summary>
    private async Task<bool> RunHandlerAsync(FeedMessage message, Task turn)
    {
        using var handlerDone = new CancellationTokenSource();
        var extending = extender.KeepInvisibleAsync(message, handlerDone.Token);
        try
        {
            await turn;
            await handler(message, handlersCancelled);
            return true;
        }
        catch (Exception e)
        {
            logger.HandlerFailed(e, feedHash, message.MessageId, message.Attempt);
            return false;
        }
        finally
        {
            // The message is acknowledged or let go only after its last extension has answered.
            await handlerDone.CancelAsync();
            await extending;
        }
    }
}
