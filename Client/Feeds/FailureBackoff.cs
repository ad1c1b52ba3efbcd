namespace ObjectStore.Client.Feeds;

/// <summary>
/// The wait between fetches that fail for a reason that may pass: <c>first</c> after one failure, doubling with each
/// failure in a row, never longer than <c>max</c>; waited on the consumer's clock, so that tests can advance it.
/// </summary>
internal sealed class FailureBackoff(TimeSpan first, TimeSpan max, TimeProvider time)
{
    // 2^30 times any positive backoff is past any sensible maximum; more doublings would only overflow.
    private const int MaxDoublings = 30;

    /// <summary>The failures since the last success.</summary>
    public int FailuresInARow { get; private set; }

    /// <summary>Counts a failure and answers how long to wait before trying again.</summary>
    public TimeSpan Failed()
    {
        FailuresInARow++;
        var backoff = first * Math.Pow(2, Math.Min(FailuresInARow - 1, MaxDoublings));
        return backoff < max ? backoff : max;
    }

    public void Succeeded() => FailuresInARow = 0;

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
