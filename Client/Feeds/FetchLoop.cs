using Microsoft.Extensions.Logging;
using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;

namespace ObjectStore.Client.Feeds;

/// <summary>
/// A <see cref="FeedConsumer"/>'s run: keeps fetches in flight for the free slots, one for each full fetch the slots
/// hold, so that with room for two the next fetch is on its way while the last one's messages are handled; starts the
/// handlers of what they bring (<see cref="HandlerRuns"/>), until stopped or refused.
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
    private readonly int _fetchesInFlight;
    private readonly VisibilityExtender _extender;
    private readonly FailureBackoff _backoff;
    private readonly int _maxConcurrency;

    // Only the first refusal stops the run and is thrown; one that another fetch meets at the same time is not.
    private int _refused;

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
        _fetchesInFlight = Math.Max(1, options.MaxConcurrency / FeedRequest.MaxItemsLimit);
        _extender = new VisibilityExtender(feed.ExtendAsync, options.VisibilityTimeoutSeconds, options.TimeProvider, logger, feedHash);
        _backoff = new FailureBackoff(options.FailureBackoff, options.MaxFailureBackoff, options.TimeProvider);
        _maxConcurrency = options.MaxConcurrency;
    }

    /// <summary>
    /// Fetches and handles until <paramref name="stopping"/> is cancelled or the feed refuses (then throws the refusal),
    /// after letting the running handlers finish and sending their acknowledgements.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var acknowledgements = new AcknowledgementBatcher(_feed.AcknowledgeAsync, _logger, _feedHash);
        var slots = new FetchSlots(_maxConcurrency, acknowledgements);
        var handlers = new HandlerRuns(_feed, _feedHash, _handler, _handlersCancelled, _retryDelaySeconds, _extender, slots, acknowledgements, _logger);

        // A refusal met by one fetch stops the others too.
        using var fetching = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            var fetches = new Task[_fetchesInFlight];
            for (var i = 0; i < fetches.Length; i++)
            {
                fetches[i] = FetchUntilStoppedAsync(slots, acknowledgements, handlers, fetching);
            }

            await Task.WhenAll(fetches);
        }
        finally
        {
            // No fetch is coming to carry the last acknowledgements.
            acknowledgements.EndHold();
            await handlers.WhenAllDoneAsync();
            await acknowledgements.CompleteAsync();
        }
    }

    /// <summary>
    /// One of the fetches in flight: fetches as many messages as it took slots (see <see cref="FetchSlots"/>) and
    /// starts their handlers, until stopped or refused.
    /// </summary>
    private async Task FetchUntilStoppedAsync(FetchSlots slotsOfAll, AcknowledgementBatcher acknowledgements, HandlerRuns handlers, CancellationTokenSource fetching)
    {
        var stopping = fetching.Token;
        while (!stopping.IsCancellationRequested)
        {
            // A handler that finishes while this fetch waits may free the slot that starts it: it then carries the
            // acknowledgement (the slots hold acknowledgements meanwhile).
            var slots = await slotsOfAll.TakeForFetchAsync(stopping);
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
                slotsOfAll.Answered(unfilled: slots);
                acknowledgements.Requeue(carried);
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                if (e is ObjectStoreException and not StorageFailureException)
                {
                    if (Interlocked.Exchange(ref _refused, 1) == 1)
                    {
                        return;
                    }

                    _logger.Refused(e, _feedHash);
                    await fetching.CancelAsync();
                    throw;
                }

                var backoff = _backoff.Failed();
                _logger.FetchFailed(e, _feedHash, _backoff.FailuresInARow, backoff);
                await _backoff.WaitAsync(backoff, stopping);
                continue;
            }

            if (stopping.IsCancellationRequested)
            {
                // The fetch answered just as the stop (or another fetch's refusal) came: hand its messages to other
                // consumers now rather than after their visibility timeout.
                slotsOfAll.Answered(unfilled: slots);
                await _feed.ReleaseAsync(messages, visibilitySeconds: 0);
                return;
            }

            slotsOfAll.Answered(unfilled: slots - messages.Count);
            handlers.Start(messages);
        }
    }
}
