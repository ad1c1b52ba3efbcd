using Microsoft.Extensions.Time.Testing;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Feeds.Unit;

[Kind(TestKind.Unit)]
public sealed class PendingMessagesTests
{
    private const int MaxAttempts = 3;
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10); // Fails a broken test rather than hang it; never waited out when it passes.

    private readonly Hash _partition = FeedTestData.PartitionHash("a");
    private readonly Hash _other = FeedTestData.PartitionHash("b");
    private readonly FakeTimeProvider _clock = new(FeedTestData.Start);
    private readonly ArrivalSignal _arrivals = new();
    private readonly PendingMessages _messages;

    public PendingMessagesTests() => _messages = new PendingMessages(capacity: 3, capacityBytes: long.MaxValue, new SharedPayloads(), _arrivals);

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void The_buffer_holds_up_to_its_capacity_and_each_message_once()
    {
        Assert.True(Hold(_partition, 1));
        Assert.False(Hold(_partition, 1));
        Assert.True(Hold(_partition, 2));
        Assert.Equal(1, _messages.Room);
        Assert.True(_messages.HasRoom);

        Hold(_partition, 3);

        Assert.False(_messages.HasRoom);
        Assert.Equal(0, _messages.Room);
        Assert.Equal(3, _messages.Held);
    }

    [Fact]
    public void Delivery_takes_the_oldest_arrivals_first_up_to_max_items()
    {
        Hold(_partition, 7);
        Hold(_other, 2);
        Hold(_partition, 5);

        var delivered = Deliver(maxItems: 2);

        Assert.Equal([MessageId(_partition, 7), MessageId(_other, 2)], delivered.Select(message => message.MessageId));
        Assert.Equal([MessageId(_partition, 5)], Deliver().Select(message => message.MessageId));
    }

    [Fact]
    public void Delivery_takes_the_oldest_arrivals_first_wherever_the_buffer_keeps_them()
    {
        Hold(_partition, 1);
        Hold(_partition, 2);
        Hold(_partition, 3);
        var first = Assert.Single(Deliver(maxItems: 1));
        _messages.Acknowledge(new FeedAcknowledgement(Delete: [first.ReceiptHandle]), Now);
        Hold(_partition, 4); // Where the first was: the newest arrival, met first by a walk through the buffer.

        Assert.Equal([MessageId(_partition, 2), MessageId(_partition, 3)], Deliver(maxItems: 2).Select(message => message.MessageId));
        Assert.Equal([MessageId(_partition, 4)], Deliver().Select(message => message.MessageId));
    }

    [Fact]
    public void Delivery_leaves_out_the_partitions_the_caller_may_not_read()
    {
        Hold(_other, 1);
        Hold(_partition, 1);

        var delivered = _messages.Deliver(10, new HashSet<Hash> { _partition }, Now, VisibilityTimeout);

        Assert.Equal([MessageId(_partition, 1)], delivered.Select(message => message.MessageId));
        Assert.Equal(1, _messages.InFlight);
    }

    [Fact]
    public void A_delivered_message_is_invisible_until_its_deadline()
    {
        Hold(_partition, 1);
        var delivered = Assert.Single(Deliver());

        Assert.Equal(1, delivered.Attempt);
        Assert.Empty(Deliver());
        Assert.Equal(Now + VisibilityTimeout, _messages.NextWakeUp(Now + TimeSpan.FromMinutes(1)));
        Assert.Equal(Now + TimeSpan.FromSeconds(5), _messages.NextWakeUp(Now + TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task An_expired_delivery_makes_the_message_visible_again_under_a_new_receipt_handle_and_the_next_attempt()
    {
        Hold(_partition, 1);
        var first = Assert.Single(Deliver());

        Assert.Equal(0, await ReleaseExpiredAsync());
        Assert.Empty(Deliver());

        _clock.Advance(VisibilityTimeout);
        var waiting = _arrivals.WaitAsync(TimeSpan.FromSeconds(20), _clock, CancellationToken.None);
        Assert.Equal(0, await ReleaseExpiredAsync());
        await waiting.WaitAsync(Bound);

        var second = Assert.Single(Deliver());
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
        Assert.Equal(2, second.Attempt);
    }

    [Fact]
    public async Task Deleting_by_the_latest_receipt_handle_lets_the_message_go_and_a_stale_handle_does_nothing()
    {
        var (first, second) = await DeliverTwiceAsync();

        Assert.Empty(_messages.Acknowledge(new FeedAcknowledgement(Delete: [first.ReceiptHandle, "unknown"]), Now));
        Assert.Equal(1, _messages.Held);

        var deleted = _messages.Acknowledge(new FeedAcknowledgement(Delete: [second.ReceiptHandle]), Now);

        Assert.Equal(new MessageKey(_partition, 1), Assert.Single(deleted).Key);
        Assert.Equal(0, _messages.Held);
        Assert.Empty(Deliver());
    }

    [Fact]
    public async Task A_stale_handle_does_not_extend_the_latest_delivery()
    {
        var (first, _) = await DeliverTwiceAsync();

        LetGo(first);
        await ReleaseExpiredAsync();

        Assert.Empty(Deliver());
    }

    [Fact]
    public async Task An_extension_that_brings_the_deadline_forward_wakes_the_waiting_polls()
    {
        Hold(_partition, 1);
        var delivered = Assert.Single(Deliver());
        var waiting = _arrivals.WaitAsync(TimeSpan.FromSeconds(20), _clock, CancellationToken.None);

        _messages.Acknowledge(new FeedAcknowledgement(Extend: [new VisibilityChange(delivered.ReceiptHandle, 60)]), Now);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(Now + TimeSpan.FromSeconds(60), _messages.NextWakeUp(Now + TimeSpan.FromMinutes(5)));

        _messages.Acknowledge(new FeedAcknowledgement(Extend: [new VisibilityChange(delivered.ReceiptHandle, 10)]), Now);
        await waiting.WaitAsync(Bound);
        Assert.Equal(Now + TimeSpan.FromSeconds(10), _messages.NextWakeUp(Now + TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_message_delivered_max_attempts_times_goes_to_the_dead_letters_when_its_last_delivery_expires()
    {
        Hold(_partition, 1);
        var deadLetters = new List<(MessageKey Key, int Attempts)>();
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            Assert.Equal(0, await ReleaseExpiredAsync(message => deadLetters.Add((message.Key, message.Attempts))));
            Assert.Equal(attempt, Assert.Single(Deliver()).Attempt);
            _clock.Advance(VisibilityTimeout);
        }

        Assert.Empty(deadLetters);

        Assert.Equal(1, await ReleaseExpiredAsync(message => deadLetters.Add((message.Key, message.Attempts))));

        Assert.Equal([(new MessageKey(_partition, 1), MaxAttempts)], deadLetters);
        Assert.Equal(0, _messages.Held);
        Assert.Equal(3, _messages.Room);
    }

    [Fact]
    public async Task A_message_on_its_way_to_the_dead_letters_is_neither_delivered_nor_counted()
    {
        await DeliverUntilLastAttemptExpiredAsync();
        var storing = new TaskCompletionSource();

        var release = _messages.ReleaseExpiredAsync(Now, MaxAttempts, _ => storing.Task);

        Assert.Empty(Deliver());
        Assert.Equal(0, _messages.Held);
        Assert.Equal(0, _messages.InFlight);
        Assert.Equal(2, _messages.Room); // It keeps its place in the buffer until it is stored.

        storing.SetResult();
        Assert.Equal(1, await release.WaitAsync(Bound));
        Assert.Equal(3, _messages.Room);
    }

    [Fact]
    public async Task A_dead_letter_that_could_not_be_stored_stays_and_is_delivered_again()
    {
        await DeliverUntilLastAttemptExpiredAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _messages.ReleaseExpiredAsync(Now, MaxAttempts, _ => throw new InvalidOperationException("down")));

        Assert.Equal(1, _messages.Held);
        Assert.Equal(MaxAttempts + 1, Assert.Single(Deliver()).Attempt);
    }

    [Fact]
    public async Task Dead_letters_after_one_that_could_not_be_stored_stay_and_are_delivered_again()
    {
        Hold(_partition, 1);
        Hold(_partition, 2);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            await ReleaseExpiredAsync();
            Assert.Equal(2, Deliver().Count);
            _clock.Advance(VisibilityTimeout);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => _messages.ReleaseExpiredAsync(Now, MaxAttempts, _ => throw new InvalidOperationException("down")));

        Assert.Equal(2, _messages.Held);
        Assert.Equal([MaxAttempts + 1, MaxAttempts + 1], Deliver().Select(message => message.Attempt));
    }

    [Fact]
    public async Task A_partition_forgotten_while_its_dead_letter_is_stored_leaves_the_counts_and_its_reloaded_message_alone()
    {
        await DeliverUntilLastAttemptExpiredAsync();
        var storing = new TaskCompletionSource();
        var release = _messages.ReleaseExpiredAsync(Now, MaxAttempts, _ => storing.Task);

        _messages.Forget(_partition);
        Hold(_partition, 1); // Selected again: the same entry, loaded anew.
        storing.SetException(new InvalidOperationException("down"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => release.WaitAsync(Bound));

        Assert.Equal((1, 0), (_messages.Held, _messages.InFlight));
        Assert.Equal(1, Assert.Single(Deliver()).Attempt);
    }

    [Fact]
    public async Task The_held_and_in_flight_counts_follow_deliveries_acknowledgements_expiries_and_forgotten_partitions()
    {
        Hold(_partition, 1);
        Hold(_partition, 2);
        Hold(_other, 1);
        var delivered = Deliver(maxItems: 2);
        Assert.Equal((3, 2), (_messages.Held, _messages.InFlight));

        _messages.Acknowledge(new FeedAcknowledgement(Delete: [delivered[0].ReceiptHandle]), Now);
        Assert.Equal((2, 1), (_messages.Held, _messages.InFlight));

        _clock.Advance(VisibilityTimeout);
        await ReleaseExpiredAsync();
        Assert.Equal((2, 0), (_messages.Held, _messages.InFlight));

        Assert.Equal(2, Deliver().Count);
        _messages.Forget(_other);
        Assert.Equal((1, 1), (_messages.Held, _messages.InFlight));
    }

    [Fact]
    public void Forgetting_a_partition_drops_its_messages_and_their_receipt_handles()
    {
        Hold(_partition, 1);
        Hold(_other, 1);
        var delivered = Deliver();

        _messages.Forget(_partition);

        Assert.Equal(1, _messages.Held);
        Assert.Empty(_messages.Acknowledge(new FeedAcknowledgement(Delete: [delivered[0].ReceiptHandle]), Now));
        Assert.Single(_messages.Acknowledge(new FeedAcknowledgement(Delete: [delivered[1].ReceiptHandle]), Now));
    }

    [Fact]
    public void Payload_bytes_bound_the_buffer_and_the_message_that_crosses_the_bound_is_still_held()
    {
        var size = FeedTestData.Entry(_partition, 1).Object!.Canonical.Length;
        var messages = new PendingMessages(capacity: 100, capacityBytes: size + 1, new SharedPayloads(), _arrivals);

        messages.TryHold(new MessageKey(_partition, 1), FeedTestData.Entry(_partition, 1).Object!, requeued: false);
        Assert.True(messages.HasRoom);
        messages.TryHold(new MessageKey(_partition, 2), FeedTestData.Entry(_partition, 2).Object!, requeued: false);

        Assert.False(messages.HasRoom);
        Assert.Equal(2 * size, messages.HeldBytes);
        var delivered = messages.Deliver(10, new HashSet<Hash> { _partition }, Now, VisibilityTimeout);
        messages.Acknowledge(new FeedAcknowledgement(Delete: [delivered[0].ReceiptHandle]), Now);
        Assert.Equal(size, messages.HeldBytes);
        Assert.True(messages.HasRoom);
        messages.Forget(_partition);
        Assert.Equal(0, messages.HeldBytes);
    }

    [Fact]
    public void Feeds_that_hold_the_same_message_share_one_copy_of_its_payload()
    {
        var payloads = new SharedPayloads();
        var first = new PendingMessages(capacity: 3, capacityBytes: long.MaxValue, payloads, _arrivals);
        var second = new PendingMessages(capacity: 3, capacityBytes: long.MaxValue, payloads, _arrivals);
        var key = new MessageKey(_partition, 1);

        first.TryHold(key, FeedTestData.Entry(_partition, 1).Object!, requeued: false);
        second.TryHold(key, FeedTestData.Entry(_partition, 1).Object!, requeued: false); // A copy of its own, as a read of the log makes.

        Assert.Same(Assert.Single(first.All).Payload, Assert.Single(second.All).Payload);
        Assert.Equal(1, payloads.Count);
    }

    [Fact]
    public void An_ordered_delivery_takes_one_message_per_partition_the_oldest_in_its_log()
    {
        Hold(_partition, 8);
        Hold(_partition, 7); // Arrived later, yet earlier in the log: a requeued dead letter does this.
        Hold(_other, 2);
        Hold(_other, 3);

        var delivered = DeliverOrdered();

        Assert.Equal([MessageId(_partition, 7), MessageId(_other, 2)], delivered.Select(message => message.MessageId));
        Assert.All(delivered, message => Assert.True(message.Ordered));
        Assert.Empty(DeliverOrdered()); // Each partition's head is in flight: its next message waits.
        _messages.Acknowledge(new FeedAcknowledgement(Delete: [delivered[1].ReceiptHandle]), Now);
        Assert.Equal([MessageId(_other, 3)], DeliverOrdered().Select(message => message.MessageId));
    }

    [Fact]
    public async Task An_ordered_partition_s_head_comes_back_before_its_next_message_whether_let_go_or_timed_out()
    {
        Hold(_partition, 1);
        Hold(_partition, 2);
        LetGo(Assert.Single(DeliverOrdered()));
        await ReleaseExpiredAsync();
        Assert.Equal(MessageId(_partition, 1), Assert.Single(DeliverOrdered()).MessageId);

        _clock.Advance(VisibilityTimeout);
        await ReleaseExpiredAsync();

        var again = Assert.Single(DeliverOrdered());
        Assert.Equal((MessageId(_partition, 1), 3), (again.MessageId, again.Attempt));
    }

    [Fact]
    public async Task An_ordered_partition_moves_on_once_its_head_is_stored_as_a_dead_letter_and_not_before()
    {
        Hold(_partition, 1);
        Hold(_partition, 2);
        for (var attempt = 1; attempt < MaxAttempts; attempt++)
        {
            Assert.Single(DeliverOrdered());
            _clock.Advance(VisibilityTimeout);
            await ReleaseExpiredAsync();
        }

        Assert.Single(DeliverOrdered());
        _clock.Advance(VisibilityTimeout);
        var storing = new TaskCompletionSource();
        var deadLettering = _messages.ReleaseExpiredAsync(Now, MaxAttempts, _ => storing.Task);

        Assert.Empty(DeliverOrdered()); // The head is on its way to the dead letters: still the head.
        storing.SetResult();
        Assert.Equal(1, await deadLettering.WaitAsync(Bound));
        Assert.Equal(MessageId(_partition, 2), Assert.Single(DeliverOrdered()).MessageId);
    }

    private IReadOnlyList<FeedMessage> DeliverOrdered() =>
        _messages.Deliver(10, new HashSet<Hash> { _partition, _other }, Now, VisibilityTimeout, ordered: true);

    private bool Hold(Hash partition, long sequence, bool requeued = false) =>
        _messages.TryHold(new MessageKey(partition, sequence), FeedTestData.Entry(partition, sequence).Object!, requeued);

    private IReadOnlyList<FeedMessage> Deliver(int maxItems = 10) =>
        _messages.Deliver(maxItems, new HashSet<Hash> { _partition, _other }, Now, VisibilityTimeout);

    private Task<int> ReleaseExpiredAsync(Action<PendingMessage>? deadLetter = null) =>
        _messages.ReleaseExpiredAsync(Now, MaxAttempts, message =>
        {
            deadLetter?.Invoke(message);
            return Task.CompletedTask;
        });

    /// <summary>Delivers the message at sequence 1 of the partition, lets it go at once and delivers it again.</summary>
    private async Task<(FeedMessage First, FeedMessage Second)> DeliverTwiceAsync()
    {
        Hold(_partition, 1);
        var first = Assert.Single(Deliver());
        LetGo(first);
        await ReleaseExpiredAsync();
        return (first, Assert.Single(Deliver()));
    }

    private void LetGo(FeedMessage message) =>
        _messages.Acknowledge(new FeedAcknowledgement(Extend: [new VisibilityChange(message.ReceiptHandle, 0)]), Now);

    /// <summary>Delivers the message at sequence 1 of the partition its last time and lets that delivery expire.</summary>
    private async Task DeliverUntilLastAttemptExpiredAsync()
    {
        Hold(_partition, 1);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            await ReleaseExpiredAsync();
            Assert.Single(Deliver());
            _clock.Advance(VisibilityTimeout);
        }
    }

    private static string MessageId(Hash partition, long sequence) => FeedMessageIds.Of(new MessageKey(partition, sequence));
}
