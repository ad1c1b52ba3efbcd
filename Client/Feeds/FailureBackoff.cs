namespace ObjectStore.Client.Feeds;

/// <summary>
/// The wait between fetches that fail for a reason that may pass: <c>first</c> after one failure, doubling with each
/// failure in a row, never longer than <c>max</c>; waited on the consumer's clock, so that tests can advance it.
/// </summary>
internal sealed class FailureBackoff(TimeSpan first, TimeSpan max, TimeProvider time)
{
    // 2^30 times any positive backoff is past any sensible maximum; more doublings would only overflow.
    private const int MaxDoublings = 30;

    // Shared by the fetches in flight: a failure of any counts, a success of any resets.
    private int _failuresInARow;

    /// <summary>The failures since the last success.</summary>
    public int FailuresInARow => Volatile.Read(ref _failuresInARow);

    /// <summary>Counts a failure and answers how long to wait before trying again.</summary>
    public TimeSpan Failed()
    {
        var failures = Interlocked.Increment(ref _failuresInARow);
        var backoff = first * Math.Pow(2, Math.Min(failures - 1, MaxDoublings));
        return backoff < max ? backoff : max;
    }

    public void Succeeded() => Interlocked.Exchange(ref _failuresInARow, 0);

    /// <summary>Returns once <paramref name="delay"/> has passed or <paramref name="stopping"/> came.</summary>
    public async Task WaitAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
