namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// Waits for a state the store reaches on its own and cannot signal to a test (a row in a database, a span in an
/// exporter, a notice reaching a grain): asks again, yielding between asks, until the answer holds or the patience
/// runs out, and then fails naming what never happened. It never waits for time itself.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(30);

    /// <summary>Returns once <paramref name="condition"/> holds; fails with <paramref name="what"/> past the patience.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var limit = patience ?? DefaultPatience;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {limit} for this, in vain: {what}.");
            await Task.Yield();
        }
    }

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, string, TimeSpan?)"/>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? patience = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, patience);
}
