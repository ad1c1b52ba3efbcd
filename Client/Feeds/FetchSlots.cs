using ObjectStore.Feeds;

namespace ObjectStore.Client.Feeds;

/// <summary>
/// One slot per message a consumer may handle at once, shared by its fetches in flight. A fetch takes the free slots
/// (at most a full fetch's worth) so that it never asks for more messages than can be handled, and gives back those
/// it did not fill; a handler gives back its own once its message is acknowledged or let go. While no fetch is in
/// flight a fetch goes for the first free slot, as the consumer then waits on it; while another is in flight it waits
/// for a full fetch's worth, so that the fetches stay full rather than go out for each slot that frees.
/// </summary>
/// <param name="acknowledgements">
/// Held while the slot that frees next starts a fetch (a fetch waits and none is in flight): that fetch carries them.
/// </param>
internal sealed class FetchSlots(int count, AcknowledgementBatcher acknowledgements)
{
    private readonly Lock _gate = new();
    private int _free = count;
    private int _fetchesInFlight;
    private int _waitingFetches;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits until this fetch may go and takes its slots (at least one); 0 when stopped first.</summary>
    public async Task<int> TakeForFetchAsync(CancellationToken stopping)
    {
        Task changed;
        lock (_gate)
        {
            _waitingFetches++;
            ApplyHold();
        }

        while (true)
        {
            lock (_gate)
            {
                var needed = _fetchesInFlight == 0 ? 1 : FeedRequest.MaxItemsLimit;
                if (_free >= needed)
                {
                    var taken = Math.Min(_free, FeedRequest.MaxItemsLimit);
                    _free -= taken;
                    _fetchesInFlight++;
                    _waitingFetches--;

                    // The fetch ends the hold once it has taken what waits, so that nothing goes on its own meanwhile;
                    // with this fetch in flight no other starts on the next freed slot.
                    return taken;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                lock (_gate)
                {
                    _waitingFetches--;
                    ApplyHold();
                }

                return 0;
            }
        }
    }

    /// <summary>A fetch answered (or failed): gives back the slots it did not fill.</summary>
    public void Answered(int unfilled)
    {
        lock (_gate)
        {
            _fetchesInFlight--;
            _free += unfilled;
            ApplyHold();
            Signal();
        }
    }

    /// <summary>A handler's message was acknowledged or let go.</summary>
    public void GiveBack()
    {
        lock (_gate)
        {
            _free++;
            Signal();
        }
    }

    private void ApplyHold()
    {
        if (_waitingFetches > 0 && _fetchesInFlight == 0)
        {
            acknowledgements.HoldForNextFetch();
        }
        else
        {
            acknowledgements.EndHold();
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.SetResult();
    }
}
