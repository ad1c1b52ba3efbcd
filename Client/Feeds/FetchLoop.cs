using Microsoft.Extensions.Logging;
using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;

namespace ObjectStore.Client.Feeds;

/// <summary>
/// A <see cref="FeedConsumer"/>'s run: fetches as many messages as there are free slots, handles each on the thread
/// pool with its message kept invisible, acknowledges what succeeded and lets go of what failed, until stopped or refused.
/// </summary>
internal sealed class FetchLoop
{
    private readonly FeedEndpoint _feed;
    private readonly Hash _feedHash;
    private readonly Func<FeedMessage, CancellationToken, Task> _handler;
    private readonly CancellationToken _handlersCancelled;
    private readonly ILogger _logger;
    private readonly int _waitTimeSeconds;
    private readonly int _retryDelaySeconds;
    private readonly VisibilityExtender _extender;
    private readonly FailureBackoff _backoff;
    private readonly HandlerSlots _slots;
    private readonly PartitionTurns _turns = new();

    /// <param name="options">Validated; read here, so that changes made to it later do not reach a running loop.</param>
    /// <param name="handlersCancelled">The handlers' token: cancelled when a stop stops waiting for them.</param>
    public FetchLoop(FeedEndpoint feed, Hash feedHash, Func<FeedMessage, CancellationToken, Task> handler, FeedConsumerOptions options,
        CancellationToken handlersCancelled, ILogger logger)
    {
        _feed = feed;
        _feedHash = feedHash;
        _handler = handler;
        _handlersCancelled = handlersCancelled;
        _logger = logger;
        _waitTimeSeconds = options.WaitTimeSeconds;
        _retryDelaySeconds = options.RetryDelaySeconds;
        _extender = new VisibilityExtender(feed.ExtendAsync, options.VisibilityTimeoutSeconds, options.TimeProvider, logger, feedHash);
        _backoff = new FailureBackoff(options.FailureBackoff, options.MaxFailureBackoff, options.TimeProvider);
        _slots = new HandlerSlots(options.MaxConcurrency);
    }

    /// <summary>
    /// Fetches and handles until <paramref name="stopping"/> is cancelled or the feed refuses (then throws the refusal),
    /// after letting the running handlers finish and sending their acknowledgements.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var acknowledgements = new AcknowledgementBatcher(_feed.AcknowledgeAsync, _logger, _feedHash);
        var handlers = new List<Task>();
        try
        {
            await FetchUntilStoppedAsync(acknowledgements, handlers, stopping);
        }
        finally
        {
            // No fetch is coming to carry the last acknowledgements.
            acknowledgements.EndHold();
            await Task.WhenAll(handlers);
            await acknowledgements.CompleteAsync();
            _slots.Dispose();
        }
    }

    /// <summary>Fetches as many messages as there are free slots and starts their handlers, until stopped or refused.</summary>
    private async Task FetchUntilStoppedAsync(AcknowledgementBatcher acknowledgements, List<Task> handlers, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            handlers.RemoveAll(handler => handler.IsCompleted);

            // A handler that finishes while the loop waits frees the slot that starts the next fetch: that fetch
            // carries its acknowledgement.
            acknowledgements.HoldForNextFetch();
            var slots = await _slots.TakeFreeAsync(FeedRequest.MaxItemsLimit, stopping);
            if (slots == 0)
            {
                return;
            }

            var carried = acknowledgements.TakeForFetch();
            IReadOnlyList<FeedMessage> messages;
            try
            {
                messages = await _feed.FetchAsync(slots, _waitTimeSeconds, carried, stopping);
                _backoff.Succeeded();
            }
            catch (Exception e)
            {
                _slots.GiveBack(slots);
                acknowledgements.Requeue(carried);
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                if (e is ObjectStoreException and not StorageFailureException)
                {
                    _logger.Refused(e, _feedHash);
                    throw;
                }

                var backoff = _backoff.Failed();
                _logger.FetchFailed(e, _feedHash, _backoff.FailuresInARow, backoff);
                await _backoff.WaitAsync(backoff, stopping);
                continue;
            }

            if (stopping.IsCancellationRequested)
            {
                // The fetch answered just as the stop came: hand its messages to other consumers now rather than
                // after their visibility timeout.
                _slots.GiveBack(slots);
                await _feed.ReleaseAsync(messages, visibilitySeconds: 0);
                return;
            }

            _slots.GiveBack(slots - messages.Count);

            foreach (var message in messages)
            {
                // Turns are taken here, in fetch order; an unordered feed's handlers run side by side.
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var turn = message.Ordered ? _turns.TakeTurn(message.Payload.PartitionHash, done.Task) : Task.CompletedTask;

                // On the thread pool, so that a handler that blocks before its first await does not hold up the next fetch.
                handlers.Add(Task.Run(() => HandleAsync(message, turn, done, acknowledgements), CancellationToken.None));
            }
        }
    }

    /// <param name="turn">Completes when the handler may run: its partition's message before it was handled (ordered feeds).</param>
    /// <param name="done">Completed once the message is acknowledged or let go: the next message of its partition may run.</param>
    private async Task HandleAsync(FeedMessage message, Task turn, TaskCompletionSource done, AcknowledgementBatcher acknowledgements)
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
                await _feed.ReleaseAsync([message], _retryDelaySeconds);
            }
        }
        finally
        {
            done.SetResult();
            _slots.GiveBack();
        }
    }

    /// <summary>Runs the handler, once its turn came, with its message kept invisible meanwhile; answers whether it succeeded.</summary>
    private async Task<bool> RunHandlerAsync(FeedMessage message, Task turn)
    {
        using var handlerDone = new CancellationTokenSource();
        var extending = _extender.KeepInvisibleAsync(message, handlerDone.Token);
        try
        {
            await turn;
            await _handler(message, _handlersCancelled);
            return true;
        }
        catch (Exception e)
        {
            _logger.HandlerFailed(e, _feedHash, message.MessageId, message.Attempt);
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
