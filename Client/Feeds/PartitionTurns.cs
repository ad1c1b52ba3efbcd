using ObjectStore.Objects;

namespace ObjectStore.Client.Feeds;

/// <summary>
/// Hands an ordered feed's messages to handlers one partition at a time, in the order they were fetched. The feed has
/// only one message of a partition in flight, but a delivery whose visibility timeout passed while its handler still
/// ran (a consumer that lost touch with the silo) is followed by the next one; its handler then waits its turn here
/// rather than overtake the one still running.
/// </summary>
internal sealed class PartitionTurns
{
    private readonly Dictionary<Hash, Task> _last = [];
    private readonly Lock _gate = new();

    /// <summary>
    /// Takes the partition's next turn, which ends when <paramref name="done"/> completes; answers the turn before it,
    /// which the handler waits for. Call it in fetch order.
    /// </summary>
    public Task TakeTurn(Hash partition, Task done)
    {
        Task previous;
        lock (_gate)
        {
            previous = _last.GetValueOrDefault(partition) ?? Task.CompletedTask;
            _last[partition] = done;
        }

        _ = ForgetWhenDoneAsync(partition, done);
        return previous;
    }

    /// <summary>A partition whose last turn ended needs no entry: the next message starts at once.</summary>
    private async Task ForgetWhenDoneAsync(Hash partition, Task done)
    {
        await done.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            if (_last.GetValueOrDefault(partition) == done)
            {
                _last.Remove(partition);
            }
        }
    }
}
