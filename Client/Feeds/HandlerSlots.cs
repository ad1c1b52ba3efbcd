namespace ObjectStore.Client.Feeds;

/// <summary>
/// One slot per message a consumer may handle at once. The fetch loop takes every free slot for a fetch, so that it
/// never asks for more messages than it can start handling, and gives back those the fetch did not fill; a handler
/// gives back its own once its message is acknowledged or let go.
/// </summary>
internal sealed class HandlerSlots(int count) : IDisposable
{
    private readonly SemaphoreSlim _free = new(count, count);

    /// <summary>Waits for a free slot and takes every other free one too, at most <paramref name="max"/>; 0 when stopped first.</summary>
    public async Task<int> TakeFreeAsync(int max, CancellationToken stopping)
    {
        try
        {
            await _free.WaitAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }

        var taken = 1;
        while (taken < max && _free.Wait(0))
        {
            taken++;
        }

        return taken;
    }

    public void GiveBack(int slots = 1)
    {
        if (slots > 0)
        {
            _free.Release(slots);
        }
    }

    public void Dispose() => _free.Dispose();
}
