namespace ObjectStore.Feeds;

/// <summary>
/// What waiting long polls wait on: something they might deliver arrived (a message, a visibility deadline brought
/// forward, room behind a full buffer, the feed's removal). A signal wakes every poll waiting at that moment; each then
/// competes for the visible messages, one turn at a time, and the losers wait for the next signal.
/// </summary>
internal sealed class ArrivalSignal
{
    private TaskCompletionSource _arrival = NewSignal();

    /// <summary>Wakes every waiting long poll.</summary>
    public void Signal()
    {
        var arrival = _arrival;
        _arrival = NewSignal();
        arrival.TrySetResult();
    }

    /// <summary>
    /// Waits for the next signal or until <paramref name="timeout"/> passed on <paramref name="clock"/>, whichever comes
    /// first; cancelling <paramref name="cancellationToken"/> ends the wait with an <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timedOut = Task.Delay(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, clock, stopWaiting.Token);
        await Task.WhenAny(_arrival.Task, timedOut);
        await stopWaiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    // Signal returns before any woken poll goes on: the signalling turn finishes its own state change first.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
