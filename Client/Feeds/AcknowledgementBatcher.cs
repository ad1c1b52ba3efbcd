using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ObjectStore.Objects;

namespace ObjectStore.Client.Feeds;

/// <summary>
/// Gathers the receipt handles of handled messages and gets them to the feed, oldest first and at most
/// <see cref="MaxPerRequest"/> a request. While the slot that frees next starts a fetch they wait for that fetch, which
/// carries them; at any other time a fetch may wait out a long poll, so they go on their own at once. Those go one call
/// at a time: under load each call carries what came while the one before was on its way, and none waits longer than that.
/// </summary>
/// <remarks>
/// Only the fetch slots hold and end holds (under their lock), and only a fetch that took slots takes. A handle that
/// comes just as a hold begins may still go on its own: one call more, never a handle lost.
/// </remarks>
internal sealed class AcknowledgementBatcher
{
    /// <summary>The store's limit on the receipt handles one request deletes.</summary>
    public const int MaxPerRequest = 100;

    private readonly Channel<string> _waiting = Channel.CreateUnbounded<string>();
    private readonly Func<IReadOnlyList<string>, Task> _acknowledge;
    private readonly ILogger _logger;
    private readonly Hash _feedHash;
    private readonly Task _sending;

    // Completed while nothing is held for a fetch; a hold replaces it with one that the fetch (or the hold's end) completes.
    private volatile TaskCompletionSource _holdEnded = new();

    /// <summary>Starts sending at once: whatever is added before a hold goes on its own.</summary>
    /// <param name="acknowledge">Sends one acknowledgement of the handles on its own (not with a fetch).</param>
    public AcknowledgementBatcher(Func<IReadOnlyList<string>, Task> acknowledge, ILogger logger, Hash feedHash)
    {
        _acknowledge = acknowledge;
        _logger = logger;
        _feedHash = feedHash;
        _holdEnded.SetResult();
        _sending = SendAsync();
    }

    /// <summary>Queues the receipt handle of a message whose handler succeeded.</summary>
    /// <exception cref="InvalidOperationException">After <see cref="CompleteAsync"/>.</exception>
    public void Add(string receiptHandle)
    {
        if (!_waiting.Writer.TryWrite(receiptHandle))
        {
            throw new InvalidOperationException("The acknowledgements are complete; a handler finished after the consumer's run.");
        }
    }

    /// <summary>Gives back the handles that a failed fetch carried; they go on their own, after those that came meanwhile.</summary>
    public void Requeue(IReadOnlyList<string> receiptHandles)
    {
        foreach (var receiptHandle in receiptHandles)
        {
            Add(receiptHandle);
        }
    }

    /// <summary>
    /// Keeps what waits, and what comes, for the next fetch (<see cref="TakeForFetch"/>) instead of sending it; a hold
    /// already begun goes on.
    /// </summary>
    public void HoldForNextFetch()
    {
        if (_holdEnded.Task.IsCompleted)
        {
            _holdEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Takes the oldest waiting handles, at most <see cref="MaxPerRequest"/>, for the fetch about to start, and ends the hold.</summary>
    public IReadOnlyList<string> TakeForFetch()
    {
        var taken = TakeOldest();
        EndHold();
        return taken;
    }

    /// <summary>Sends what waits, and what comes, on its own: no fetch is coming to carry it.</summary>
    public void EndHold() => _holdEnded.TrySetResult();

    /// <summary>Takes no more handles, sends every waiting one, and completes when the last call has answered.</summary>
    public Task CompleteAsync()
    {
        _waiting.Writer.TryComplete();
        EndHold();
        return _sending;
    }

    private async Task SendAsync()
    {
        while (await _waiting.Reader.WaitToReadAsync())
        {
            await _holdEnded.Task;

            // Empty when the fetch that ended the hold took everything.
            var receiptHandles = TakeOldest();
            if (receiptHandles.Count == 0)
            {
                continue;
            }

            try
            {
                await _acknowledge(receiptHandles);
            }
            catch (Exception e)
            {
                _logger.AcknowledgementFailed(e, _feedHash, receiptHandles.Count);
            }
        }
    }

    private List<string> TakeOldest()
    {
        var taken = new List<string>();
        while (taken.Count < MaxPerRequest && _waiting.Reader.TryRead(out var receiptHandle))
        {
            taken.Add(receiptHandle);
        }

        return taken;
    }
}
