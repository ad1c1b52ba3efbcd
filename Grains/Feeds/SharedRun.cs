namespace ObjectStore.Feeds;

/// <summary>
/// Runs a piece of work one at a time in a grain whose calls interleave: a caller that comes while it runs waits for
/// that run and shares its outcome instead of starting another (a feed's loads, which read the same logs).
/// </summary>
internal sealed class SharedRun
{
    private Task? _running;

    public async Task RunAsync(Func<Task> work)
    {
        if (_running is { } running)
        {
            await running;
            return;
        }

        _running = work();
        try
        {
            await _running;
        }
        finally
        {
            _running = null;
        }
    }
}
