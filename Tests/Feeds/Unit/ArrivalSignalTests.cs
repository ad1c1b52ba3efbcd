using Microsoft.Extensions.Time.Testing;
using ObjectStore.Feeds;

namespace ObjectStore.Tests.Feeds.Unit;

[Kind(TestKind.Unit)]
public sealed class ArrivalSignalTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10); // Fails a broken test rather than hang it; never waited out when it passes.

    private readonly FakeTimeProvider _clock = new(FeedTestData.Start);
    private readonly ArrivalSignal _signal = new();

    [Fact]
    public async Task A_signal_wakes_every_waiting_poll()
    {
        var first = _signal.WaitAsync(TimeSpan.FromSeconds(20), _clock, CancellationToken.None);
        var second = _signal.WaitAsync(TimeSpan.FromSeconds(20), _clock, CancellationToken.None);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        _signal.Signal();

        await Task.WhenAll(first, second).WaitAsync(Bound);
    }

    [Fact]
    public async Task A_wait_ends_when_its_timeout_passed_on_the_clock_and_not_before()
    {
        var waiting = _signal.WaitAsync(TimeSpan.FromSeconds(20), _clock, CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False(waiting.IsCompleted);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(Bound);
    }

    [Fact]
    public async Task A_signal_before_the_wait_does_not_end_it()
    {
        _signal.Signal();

        var waiting = _signal.WaitAsync(TimeSpan.FromSeconds(20), _clock, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        _signal.Signal();
        await waiting.WaitAsync(Bound);
    }

    [Fact]
    public async Task A_deadline_already_passed_ends_the_wait_at_once()
    {
        await _signal.WaitAsync(TimeSpan.FromSeconds(-1), _clock, CancellationToken.None).WaitAsync(Bound);
    }

    [Fact]
    public async Task Cancelling_ends_the_wait_with_an_operation_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var waiting = _signal.WaitAsync(TimeSpan.FromSeconds(20), _clock, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
    }
}
