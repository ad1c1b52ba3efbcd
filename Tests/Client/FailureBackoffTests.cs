using Microsoft.Extensions.Time.Testing;
using ObjectStore.Client.Feeds;

namespace ObjectStore.Tests.Client;

/// <summary>The <see cref="FailureBackoff"/> between failing fetches, on a fake clock.</summary>
[Kind(TestKind.Unit)]
public sealed class FailureBackoffTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void The_wait_doubles_with_each_failure_in_a_row_up_to_the_maximum_and_starts_over_after_a_success()
    {
        var backoff = new FailureBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), _clock);

        var waits = Enumerable.Range(0, 7).Select(_ => backoff.Failed().TotalSeconds).ToList();
        var failures = backoff.FailuresInARow;
        backoff.Succeeded();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], waits);
        Assert.Equal(7, failures);
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Failed());
    }

    [Fact]
    public async Task The_wait_passes_on_the_consumers_clock_and_ends_early_when_the_consumer_stops()
    {
        var backoff = new FailureBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), _clock);
        using var stopping = new CancellationTokenSource();

        var waiting = backoff.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(HangGuard);

        var stopped = backoff.WaitAsync(TimeSpan.FromSeconds(5), stopping.Token);
        await stopping.CancelAsync();
        await stopped.WaitAsync(HangGuard);
    }
}
