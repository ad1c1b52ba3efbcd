using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using ObjectStore.Client.Feeds;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Client;

/// <summary>
/// The <see cref="VisibilityExtender"/> without a cluster, on a fake clock: a third of the timeout passes only when a
/// test advances it, and the extensions go to a recorder that the test waits on.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class VisibilityExtenderTests
{
    private const int TimeoutSeconds = 30;

    private static readonly TimeSpan Third = TimeSpan.FromSeconds(TimeoutSeconds) / 3;
    private static readonly Hash SomeHash = Hash.FromDigest(SHA256.HashData("feed"u8));
    private static readonly FeedMessage Message =
        new("message-1", "receipt-1", 1, new StoredObject(SomeHash, SomeHash, SomeHash, "sort-key", ObjectKind.Stored, 1, []));

    private readonly FakeTimeProvider _clock = new();
    private readonly EventRecorder _events = new();
    private readonly CancellationTokenSource _handlerDone = new();

    [Fact]
    public async Task The_message_is_made_invisible_for_the_whole_timeout_every_third_of_it_while_the_handler_runs()
    {
        var extensions = new CallRecorder<VisibilityChange>();
        var keeping = KeepInvisible(extensions);

        _clock.Advance(Third - TimeSpan.FromMilliseconds(1));
        Assert.Empty(extensions.SoFar());
        for (var extension = 1; extension <= 3; extension++)
        {
            _clock.Advance(extension == 1 ? TimeSpan.FromMilliseconds(1) : Third);
            Assert.Equal(new VisibilityChange("receipt-1", TimeoutSeconds), await extensions.NextAsync());
        }

        await _handlerDone.CancelAsync();
        await Settled(keeping);
        Assert.Empty(extensions.SoFar());
        Assert.Equal(3, _events.Count("FeedVisibilityExtended"));
    }

    [Fact]
    public async Task Extending_stops_when_the_handler_is_done()
    {
        var extensions = new CallRecorder<VisibilityChange>();
        var keeping = KeepInvisible(extensions);
        _clock.Advance(Third);
        await extensions.NextAsync();

        await _handlerDone.CancelAsync();
        await Settled(keeping);
        _clock.Advance(Third * 6);

        Assert.Empty(extensions.SoFar());
    }

    [Fact]
    public async Task A_slow_extension_does_not_delay_the_next_one()
    {
        var firstAnswers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var extensions = new CallRecorder<VisibilityChange> { FirstCallAnswers = firstAnswers.Task };
        var keeping = KeepInvisible(extensions);
        _clock.Advance(Third);
        await extensions.NextAsync();

        // The second third passes while the first extension is on its way: the second is due the moment it answers.
        _clock.Advance(Third);
        firstAnswers.SetResult();

        await extensions.NextAsync();
        await _handlerDone.CancelAsync();
        await Settled(keeping);
    }

    [Fact]
    public async Task The_extender_ends_only_after_the_extension_on_its_way_has_answered_and_sends_no_more()
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var extensions = new CallRecorder<VisibilityChange> { FirstCallAnswers = answer.Task };
        var keeping = KeepInvisible(extensions);
        _clock.Advance(Third);
        await extensions.NextAsync();
        // Another third passes while the extension is on its way: its tick is due, but the handler is done first.
        _clock.Advance(Third);

        await _handlerDone.CancelAsync();

        Assert.False(keeping.IsCompleted);
        answer.SetResult();
        await Settled(keeping);
        Assert.Empty(extensions.SoFar());
    }

    [Fact]
    public async Task A_failed_extension_is_logged_and_the_next_third_brings_another()
    {
        var extensions = new CallRecorder<VisibilityChange> { FirstCallFails = new InvalidOperationException("The silo went away.") };
        var keeping = KeepInvisible(extensions);

        _clock.Advance(Third);
        await extensions.NextAsync();
        _clock.Advance(Third);
        await extensions.NextAsync();
        await _handlerDone.CancelAsync();
        await Settled(keeping);

        Assert.Equal((1, 1), (_events.Count("FeedExtensionFailed"), _events.Count("FeedVisibilityExtended")));
    }

    private Task KeepInvisible(CallRecorder<VisibilityChange> extensions) =>
        new VisibilityExtender(extensions.CallAsync, TimeoutSeconds, _clock, _events, SomeHash).KeepInvisibleAsync(Message, _handlerDone.Token);

    private static Task Settled(Task task) => task.WaitAsync(CallRecorder<VisibilityChange>.HangGuard);
}
