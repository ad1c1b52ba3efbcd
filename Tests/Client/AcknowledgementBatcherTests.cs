using System.Security.Cryptography;
using ObjectStore.Client.Feeds;
using ObjectStore.Objects;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Client;

/// <summary>
/// The <see cref="AcknowledgementBatcher"/> without a cluster: its acknowledgement calls go to a recorder. Tests wait
/// for a call, or for the batcher to complete, never for time.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class AcknowledgementBatcherTests
{
    private readonly EventRecorder _events = new();

    [Fact]
    public async Task Completing_sends_every_waiting_handle_oldest_first_at_most_100_a_call()
    {
        var calls = new CallRecorder<IReadOnlyList<string>>();
        var batcher = Batcher(calls);
        batcher.HoldForNextFetch();
        batcher.Requeue(Handles(0, 250));

        await Settled(batcher.CompleteAsync());

        Assert.Equal([Handles(0, 100), Handles(100, 100), Handles(200, 50)], calls.SoFar());
    }

    [Fact]
    public async Task Handles_held_for_a_fetch_ride_on_it_and_none_goes_on_its_own()
    {
        var calls = new CallRecorder<IReadOnlyList<string>>();
        var batcher = Batcher(calls);
        batcher.HoldForNextFetch();
        batcher.Add("first");
        batcher.Add("second");
        batcher.Add("third");

        var carried = batcher.TakeForFetch();
        await Settled(batcher.CompleteAsync());

        Assert.Equal(["first", "second", "third"], carried);
        Assert.Empty(calls.SoFar());
    }

    [Fact]
    public async Task A_fetch_carries_the_oldest_100_and_the_rest_go_on_their_own_without_waiting_for_the_next_fetch()
    {
        var calls = new CallRecorder<IReadOnlyList<string>>();
        var batcher = Batcher(calls);
        batcher.HoldForNextFetch();
        batcher.Requeue(Handles(0, 130));

        var carried = batcher.TakeForFetch();

        Assert.Equal(Handles(0, 100), carried);
        Assert.Equal(Handles(100, 30), await calls.NextAsync());
        await Settled(batcher.CompleteAsync());
        Assert.Empty(calls.SoFar());
    }

    [Fact]
    public async Task Handles_that_come_when_nothing_is_held_go_at_once()
    {
        var calls = new CallRecorder<IReadOnlyList<string>>();
        var batcher = Batcher(calls);

        batcher.Add("alone");

        Assert.Equal(["alone"], await calls.NextAsync());
        await Settled(batcher.CompleteAsync());
    }

    [Fact]
    public async Task Ending_a_hold_without_a_fetch_sends_what_it_held()
    {
        var calls = new CallRecorder<IReadOnlyList<string>>();
        var batcher = Batcher(calls);
        batcher.HoldForNextFetch();
        batcher.Add("held");

        batcher.EndHold();

        Assert.Equal(["held"], await calls.NextAsync());
        await Settled(batcher.CompleteAsync());
    }

    [Fact]
    public async Task The_handles_of_a_failed_fetch_go_out_on_their_own()
    {
        var calls = new CallRecorder<IReadOnlyList<string>>();
        var batcher = Batcher(calls);
        batcher.HoldForNextFetch();
        batcher.Add("first");
        batcher.Add("second");
        var carried = batcher.TakeForFetch();

        batcher.Requeue(carried);

        Assert.Equal(["first", "second"], await calls.NextAsync());
        await Settled(batcher.CompleteAsync());
    }

    [Fact]
    public async Task Calls_go_one_at_a_time_each_carrying_what_came_while_the_one_before_was_on_its_way()
    {
        var firstCallAnswers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = new CallRecorder<IReadOnlyList<string>> { FirstCallAnswers = firstCallAnswers.Task };
        var batcher = Batcher(calls);

        batcher.Add("first");
        await Settled(calls.FirstCallStarted);
        batcher.Add("second");
        batcher.Add("third");
        firstCallAnswers.SetResult();
        await Settled(batcher.CompleteAsync());

        Assert.Equal([["first"], ["second", "third"]], calls.SoFar());
    }

    [Fact]
    public async Task A_failed_call_is_logged_and_later_handles_still_go()
    {
        var calls = new CallRecorder<IReadOnlyList<string>> { FirstCallFails = new InvalidOperationException("The silo went away.") };
        var batcher = Batcher(calls);

        batcher.Add("lost");
        Assert.Equal(["lost"], await calls.NextAsync());
        batcher.Add("sent");
        await Settled(batcher.CompleteAsync());

        Assert.Equal([["sent"]], calls.SoFar());
        Assert.Equal(1, _events.Count("FeedAcknowledgementFailed"));
    }

    private AcknowledgementBatcher Batcher(CallRecorder<IReadOnlyList<string>> calls) =>
        new(calls.CallAsync, _events, Hash.FromDigest(SHA256.HashData("feed"u8)));

    private static string[] Handles(int first, int count) => [.. Enumerable.Range(first, count).Select(index => $"handle-{index}")];

    private static Task Settled(Task task) => task.WaitAsync(CallRecorder<IReadOnlyList<string>>.HangGuard);
}
