using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ObjectStore.Client.Feeds;
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
/// A consumer runs once: <see cref="StartAsync"/>, then <see cref="StopAsync"/> or <see cref="DisposeAsync"/>. A host can
/// run it as the <see cref="BackgroundService"/> it is; a refusal then fails it as any such service fails (by default
/// the host stops).
/// Fetches that fail for a reason that may pass (a silo went away, the database failed) are logged and retried after a
/// backoff. A refusal that retrying cannot change (the feed is gone, or the user may not read it) stops the consumer:
/// it lets the running handlers finish, then faults <see cref="Completion"/> and <see cref="StopAsync"/> with it.
/// </remarks>
public sealed class FeedConsumer : BackgroundService, IAsyncDisposable
{
    private readonly CancellationTokenSource _abortHandlers = new();
    private readonly FetchLoop _fetchLoop;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Orders a start and a stop that race, so that a stop always finds the run it has to stop.
    private readonly Lock _lifecycleGate = new();
    private Lifecycle _lifecycle;

    private enum Lifecycle { Created, Running, Stopped }

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

        logger ??= NullLogger.Instance;
        _fetchLoop = new FetchLoop(new FeedEndpoint(client, userId, feedHash, logger), feedHash, handler, options, _abortHandlers.Token, logger);
    }

    /// <summary>
    /// Completes when the consumer has stopped and every handler it started has finished and been acknowledged or
    /// released; faults with the <see cref="ForbiddenException"/> or <see cref="NotFoundException"/> (any store error
    /// but <see cref="StorageFailureException"/>) that stopped it.
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>Starts fetching in the background and returns at once.</summary>
    /// <param name="cancellationToken">
    /// Not used: starting waits for nothing, and only <see cref="StopAsync"/> or <see cref="DisposeAsync"/> ends the run,
    /// whatever becomes of a token handed to the start.
    /// </param>
    /// <exception cref="InvalidOperationException">The consumer was started or stopped before.</exception>
    public override Task StartAsync(CancellationToken cancellationToken = default)
    {
        Task started;
        lock (_lifecycleGate)
        {
            if (_lifecycle != Lifecycle.Created)
            {
                throw new InvalidOperationException("A feed consumer runs once; create another one to consume again.");
            }

            _lifecycle = Lifecycle.Running;
            started = base.StartAsync(CancellationToken.None);
        }

        _ = CompleteWhenRunEndsAsync(ExecuteTask!);
        return started;
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
    public override async Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_lifecycleGate)
        {
            if (_lifecycle == Lifecycle.Created)
            {
                // Nothing ran, so nothing is left to finish.
                _completion.TrySetResult();
            }

            _lifecycle = Lifecycle.Stopped;
        }

        await using (cancellationToken.Register(() => _abortHandlers.Cancel()))
        {
            // Cancels the run's stopping token; returns when the run has ended or the token is cancelled.
            await base.StopAsync(cancellationToken);
            await _completion.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops as <see cref="StopAsync"/> does, without throwing the refusal that stopped the consumer (it is in <see cref="Completion"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Dispose();
        _abortHandlers.Dispose();
    }

    /// <summary>Fetches and handles until stopped or refused, then lets the running handlers finish and sends their acknowledgements.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _fetchLoop.RunAsync(stoppingToken);

    /// <summary>
    /// Completion follows the run; a stop that came before the thread pool began the run cancels it unrun, and then
    /// there is nothing to finish either.
    /// </summary>
    private async Task CompleteWhenRunEndsAsync(Task run)
    {
        await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (run.Exception is { } failure)
        {
            _completion.TrySetException(failure.InnerExceptions);
        }
        else
        {
            _completion.TrySetResult();
        }
    }
}
