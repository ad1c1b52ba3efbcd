using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;

namespace ObjectStore.Client;

/// <summary>
/// Consumes a feed for one user: long-polls for messages, runs the handler on up to
/// <see cref="FeedConsumerOptions.MaxConcurrency"/> of them at a time, keeps each message invisible to other consumers
/// while its handler runs, acknowledges it when the handler returns, and lets it come back after
/// <see cref="FeedConsumerOptions.RetryDelay"/> when the handler throws; the silo moves a message to the feed's dead
/// letters after its last attempt. Delivery is at least once: a handler can see a message again (after a silo died,
/// or an acknowledgement was lost), and <see cref="FeedMessage.Attempt"/> says which delivery it is.
/// </summary>
/// <remarks>
/// A consumer runs once: <see cref="StartAsync"/>, then <see cref="StopAsync"/> or <see cref="DisposeAsync"/>.
/// Fetches that fail for a reason that may pass (a silo went away, the database failed) are logged and retried after a
/// backoff. A refusal that retrying cannot change (the feed is gone, or the user may not read it) stops the consumer:
/// it lets the running handlers finish, then faults <see cref="Completion"/> and <see cref="StopAsync"/> with it.
/// </remarks>
public sealed partial class FeedConsumer : IHostedService, IAsyncDisposable
{
    // The store's limit on the receipt handles one request deletes.
    private const int MaxAcknowledgementsPerRequest = 100;

    private readonly ObjectStoreClient _client;
    private readonly long _userId;
    private readonly Hash _feedHash;
    private readonly Func<FeedMessage, CancellationToken, Task> _handler;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _waitTimeSeconds;
    private readonly int _visibilitySeconds;
    private readonly TimeSpan _extensionPeriod;
    private readonly int _retryDelaySeconds;
    private readonly TimeSpan _failureBackoff;
    private readonly TimeSpan _maxFailureBackoff;

    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _abortHandlers = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<string> _acknowledgements = [];
    private bool _nextFetchAcknowledges;
    private bool _acknowledging;
    private Task _acknowledger = Task.CompletedTask;
    private bool _started;
    private bool _stopRequested;

    /// <param name="handler">
    /// Handles one message; returning acknowledges it, throwing lets it come back. Its token is cancelled when a stop
    /// stops waiting for it (the token given to <see cref="StopAsync"/> was cancelled).
    /// </param>
    public FeedConsumer(ObjectStoreClient client, long userId, Hash feedHash, Func<FeedMessage, CancellationToken, Task> handler,
        FeedConsumerOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(handler);
        if (feedHash.IsEmpty)
        {
            throw new ArgumentException("The feed hash is required.", nameof(feedHash));
        }

        options ??= new FeedConsumerOptions();
        options.Validate();

        _client = client;
        _userId = userId;
        _feedHash = feedHash;
        _handler = handler;
        _logger = logger ?? NullLogger.Instance;
        _time = options.TimeProvider;
        _waitTimeSeconds = options.WaitTimeSeconds;
        _visibilitySeconds = options.VisibilityTimeoutSeconds;
        _extensionPeriod = TimeSpan.FromSeconds(_visibilitySeconds) / 3;
        _retryDelaySeconds = options.RetryDelaySeconds;
        _failureBackoff = options.FailureBackoff;
        _maxFailureBackoff = options.MaxFailureBackoff;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
    }

    /// <summary>
    /// Completes when the consumer has stopped and every handler it started has finished and been acknowledged or
    /// released; faults with the <see cref="ForbiddenException"/> or <see cref="NotFoundException"/> (any store error
    /// but <see cref="StorageFailureException"/>) that stopped it.
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>Starts fetching in the background and returns at once.</summary>
    /// <exception cref="InvalidOperationException">The consumer was started or stopped before.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_started || _stopRequested)
            {
                throw new InvalidOperationException("A feed consumer runs once; create another one to consume again.");
            }

            _started = true;
        }

        _ = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops fetching at once (a waiting long poll is cancelled), waits for the running handlers and acknowledges or
    /// releases their messages, then returns. Throws what stopped the consumer, if a refusal did (see <see cref="Completion"/>).
    /// </summary>
    /// <remarks>
    /// Orleans delivers a cancellation on its own message, which can reach the silo before the fetch it cancels when the
    /// stop comes just as the fetch is sent; the silo then tries again a second later. Messages that such a fetch takes
    /// in that second reach nobody, and come back after their visibility timeout.
    /// </remarks>
    /// <param name="cancellationToken">
    /// Stops the wait: the handlers' token is cancelled and this throws <see cref="OperationCanceledException"/>; a message
    /// whose handler is still running comes back after its visibility timeout, as extensions stop with the handler.
    /// </param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!RequestStop())
        {
            return;
        }

        await _stopFetching.CancelAsync();
        await using (cancellationToken.Register(() => _abortHandlers.Cancel()))
        {
            await _completion.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops as <see cref="StopAsync"/> does, without throwing the refusal that stopped the consumer (it is in <see cref="Completion"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (RequestStop())
        {
            await _stopFetching.CancelAsync();
            await _completion.Task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopFetching.Dispose();
        _abortHandlers.Dispose();
        _slots.Dispose();
    }

    /// <summary>Marks the consumer stopped; answers whether it had started (a consumer never started is complete at once).</summary>
    private bool RequestStop()
    {
        lock (_gate)
        {
            _stopRequested = true;
            if (_started)
            {
                return true;
            }
        }

        _completion.TrySetResult();
        return false;
    }

    private async Task RunAsync()
    {
        var handlers = new List<Task>();
        try
        {
            await FetchAsync(handlers);
            await FinishAsync(handlers);
            _completion.TrySetResult();
        }
        catch (Exception e)
        {
            await FinishAsync(handlers);
            _completion.TrySetException(e);
        }
    }

    /// <summary>Fetches as many messages as there are free slots and starts their handlers, until stopped or refused.</summary>
    private async Task FetchAsync(List<Task> handlers)
    {
        var stopping = _stopFetching.Token;
        var failures = 0;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                handlers.RemoveAll(handler => handler.IsCompleted);
                var slots = await TakeFreeSlotsAsync(stopping);
                if (slots == 0)
                {
                    break;
                }

                var acknowledgements = TakeAcknowledgements();
                IReadOnlyList<FeedMessage> messages;
                try
                {
                    var acknowledgement = acknowledgements.Count > 0 ? new FeedAcknowledgement(Delete: acknowledgements) : null;
                    messages = await _client.FetchAsync(_userId, _feedHash, new FeedRequest(slots, _waitTimeSeconds, acknowledgement), stopping);
                    failures = 0;
                }
                catch (Exception e)
                {
                    _slots.Release(slots);
                    ReturnAcknowledgements(acknowledgements);
                    AcknowledgeSoon();
                    if (stopping.IsCancellationRequested)
                    {
                        break;
                    }

                    if (e is ObjectStoreException and not StorageFailureException)
                    {
                        LogRefused(e, _feedHash);
                        throw;
                    }

                    var backoff = Backoff(++failures);
                    LogFetchFailed(e, _feedHash, failures, backoff);
                    if (!await DelayAsync(backoff, stopping))
                    {
                        break;
                    }

                    continue;
                }

                if (stopping.IsCancellationRequested)
                {
                    // The fetch answered just as the stop came: hand its messages to other consumers now rather than
                    // after their visibility timeout.
                    _slots.Release(slots);
                    await ReleaseAsync(messages, visibilitySeconds: 0);
                    break;
                }

                if (slots > messages.Count)
                {
                    _slots.Release(slots - messages.Count);
                }

                // On the thread pool, so that a handler that blocks before its first await does not hold up the next fetch.
                handlers.AddRange(messages.Select(message => Task.Run(() => HandleAsync(message), CancellationToken.None)));
            }
        }
        finally
        {
            lock (_gate)
            {
                _nextFetchAcknowledges = false;
            }

            AcknowledgeSoon();
        }
    }

    /// <summary>Waits for the handlers, then for their acknowledgements to be sent.</summary>
    private async Task FinishAsync(List<Task> handlers)
    {
        await Task.WhenAll(handlers);
        Task acknowledger;
        lock (_gate)
        {
            acknowledger = _acknowledger;
        }

        await acknowledger;
    }

    /// <summary>
    /// Waits for a free slot and takes every other free one too (up to a fetch's maximum); 0 when stopped first.
    /// While it waits, a handler that finishes leaves its acknowledgement for the fetch that its freed slot starts.
    /// </summary>
    private async Task<int> TakeFreeSlotsAsync(CancellationToken stopping)
    {
        lock (_gate)
        {
            _nextFetchAcknowledges = true;
        }

        try
        {
            await _slots.WaitAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }

        var slots = 1;
        while (slots < FeedRequest.MaxItemsLimit && _slots.Wait(0))
        {
            slots++;
        }

        return slots;
    }

    /// <summary>
    /// The acknowledgements for the fetch about to start. From now until the loop waits for a slot again, they are sent
    /// on their own: the fetch may wait up to its long poll, and an acknowledgement must not wait with it.
    /// </summary>
    private List<string> TakeAcknowledgements()
    {
        List<string> taken;
        lock (_gate)
        {
            _nextFetchAcknowledges = false;
            taken = TakeWaitingAcknowledgements();
        }

        AcknowledgeSoon();
        return taken;
    }

    private void ReturnAcknowledgements(List<string> acknowledgements)
    {
        lock (_gate)
        {
            _acknowledgements.InsertRange(0, acknowledgements);
        }
    }

    /// <summary>Called under the gate.</summary>
    private List<string> TakeWaitingAcknowledgements()
    {
        var count = Math.Min(_acknowledgements.Count, MaxAcknowledgementsPerRequest);
        var taken = _acknowledgements.GetRange(0, count);
        _acknowledgements.RemoveRange(0, count);
        return taken;
    }

    /// <summary>
    /// Sends the waiting acknowledgements unless the next fetch carries them. One call at a time: under load each call
    /// carries every acknowledgement that came while the one before was on its way, and none waits longer than that.
    /// </summary>
    private void AcknowledgeSoon()
    {
        lock (_gate)
        {
            if (_nextFetchAcknowledges || _acknowledging || _acknowledgements.Count == 0)
            {
                return;
            }

            _acknowledging = true;
            _acknowledger = Task.Run(SendWaitingAcknowledgementsAsync, CancellationToken.None);
        }
    }

    private async Task SendWaitingAcknowledgementsAsync()
    {
        while (true)
        {
            List<string> receiptHandles;
            lock (_gate)
            {
                if (_nextFetchAcknowledges || _acknowledgements.Count == 0)
                {
                    _acknowledging = false;
                    return;
                }

                receiptHandles = TakeWaitingAcknowledgements();
            }

            try
            {
                await _client.AcknowledgeAsync(_userId, _feedHash, new FeedAcknowledgement(Delete: receiptHandles));
            }
            catch (Exception e)
            {
                LogAcknowledgementFailed(e, _feedHash, receiptHandles.Count);
            }
        }
    }

    private async Task HandleAsync(FeedMessage message)
    {
        try
        {
            bool handled;
            using (var handlerDone = new CancellationTokenSource())
            {
                var extending = KeepInvisibleAsync(message, handlerDone.Token);
                try
                {
                    await _handler(message, _abortHandlers.Token);
                    handled = true;
                }
                catch (Exception e)
                {
                    LogHandlerFailed(e, _feedHash, message.MessageId, message.Attempt);
                    handled = false;
                }

                // An extension that landed after the acknowledgement would be ignored, but one that landed after a
                // release would undo its retry delay: the last extension ends before the message is let go.
                await handlerDone.CancelAsync();
                await extending;
            }

            if (handled)
            {
                // Before the slot is freed: a fetch that the freed slot starts carries the acknowledgement.
                lock (_gate)
                {
                    _acknowledgements.Add(message.ReceiptHandle);
                }

                AcknowledgeSoon();
            }
            else
            {
                await ReleaseAsync([message], _retryDelaySeconds);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// Makes the message invisible for the visibility timeout every third of it, until the handler is done. The timer
    /// starts before the handler does and keeps its period whatever each call takes, so the schedule does not drift.
    /// </summary>
    private async Task KeepInvisibleAsync(FeedMessage message, CancellationToken handlerDone)
    {
        using var timer = new PeriodicTimer(_extensionPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(handlerDone))
            {
                try
                {
                    await _client.AcknowledgeAsync(_userId, _feedHash,
                        new FeedAcknowledgement(Extend: [new VisibilityChange(message.ReceiptHandle, _visibilitySeconds)]));
                    LogExtended(_feedHash, message.MessageId, _visibilitySeconds);
                }
                catch (Exception e)
                {
                    LogExtensionFailed(e, _feedHash, message.MessageId);
                }
            }
        }
        catch (OperationCanceledException) when (handlerDone.IsCancellationRequested)
        {
        }
    }

    /// <summary>Makes messages visible again after <paramref name="visibilitySeconds"/>, so that they are delivered again.</summary>
    private async Task ReleaseAsync(IReadOnlyList<FeedMessage> messages, int visibilitySeconds)
    {
        if (messages.Count == 0)
        {
            return;
        }

        try
        {
            await _client.AcknowledgeAsync(_userId, _feedHash,
                new FeedAcknowledgement(Extend: [.. messages.Select(message => new VisibilityChange(message.ReceiptHandle, visibilitySeconds))]));
            foreach (var message in messages)
            {
                LogReleased(_feedHash, message.MessageId, message.Attempt, visibilitySeconds);
            }
        }
        catch (Exception e)
        {
            LogReleaseFailed(e, _feedHash, messages.Count);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var doublings = Math.Min(failures - 1, 30);
        var backoff = _failureBackoff * Math.Pow(2, doublings);
        return backoff < _maxFailureBackoff ? backoff : _maxFailureBackoff;
    }

    /// <summary>Waits on the consumer's clock; answers false when the stop came first.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, _time, stopping);
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 1, EventName = "FeedFetchFailed", Level = LogLevel.Warning,
        Message = "Fetching from feed {FeedHash} failed ({Failures} in a row); trying again in {Backoff}.")]
    private partial void LogFetchFailed(Exception exception, Hash feedHash, int failures, TimeSpan backoff);

    [LoggerMessage(EventId = 2, EventName = "FeedRefused", Level = LogLevel.Error,
        Message = "Feed {FeedHash} refused the consumer; it stops fetching.")]
    private partial void LogRefused(Exception exception, Hash feedHash);

    [LoggerMessage(EventId = 3, EventName = "FeedHandlerFailed", Level = LogLevel.Warning,
        Message = "The handler failed on message {MessageId} of feed {FeedHash} (delivery {Attempt}); it comes back after the retry delay.")]
    private partial void LogHandlerFailed(Exception exception, Hash feedHash, string messageId, int attempt);

    [LoggerMessage(EventId = 4, EventName = "FeedVisibilityExtended", Level = LogLevel.Debug,
        Message = "Message {MessageId} of feed {FeedHash} is invisible for {Seconds} s more while its handler runs.")]
    private partial void LogExtended(Hash feedHash, string messageId, int seconds);

    [LoggerMessage(EventId = 5, EventName = "FeedExtensionFailed", Level = LogLevel.Warning,
        Message = "Could not extend the visibility of message {MessageId} of feed {FeedHash}; another consumer may get it if the next extension fails too.")]
    private partial void LogExtensionFailed(Exception exception, Hash feedHash, string messageId);

    [LoggerMessage(EventId = 6, EventName = "FeedMessageReleased", Level = LogLevel.Debug,
        Message = "Message {MessageId} of feed {FeedHash} (delivery {Attempt}) is visible again in {Seconds} s.")]
    private partial void LogReleased(Hash feedHash, string messageId, int attempt, int seconds);

    [LoggerMessage(EventId = 7, EventName = "FeedAcknowledgementFailed", Level = LogLevel.Warning,
        Message = "Could not acknowledge {Count} messages of feed {FeedHash}; they are delivered again after their visibility timeout.")]
    private partial void LogAcknowledgementFailed(Exception exception, Hash feedHash, int count);

    [LoggerMessage(EventId = 8, EventName = "FeedReleaseFailed", Level = LogLevel.Warning,
        Message = "Could not release {Count} messages of feed {FeedHash}; they are delivered again after their visibility timeout.")]
    private partial void LogReleaseFailed(Exception exception, Hash feedHash, int count);
}
