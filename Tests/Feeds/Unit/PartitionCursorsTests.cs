using Microsoft.Extensions.Time.Testing;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Feeds.Unit;

[Kind(TestKind.Unit)]
public sealed class PartitionCursorsTests
{
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    private readonly Hash _partition = FeedTestData.PartitionHash("a");
    private readonly Hash _other = FeedTestData.PartitionHash("b");
    private readonly FakeTimeProvider _clock = new(FeedTestData.Start);
    private readonly ArrivalSignal _arrivals = new();
    private readonly PendingMessages _messages;
    private readonly PartitionCursors _cursors;
    private readonly List<IReadOnlyDictionary<Hash, long>> _saved = [];

    public PartitionCursorsTests()
    {
        _messages = new PendingMessages(capacity: 5, capacityBytes: long.MaxValue, new SharedPayloads(), _arrivals);
        _cursors = new PartitionCursors(_messages, _arrivals);
    }

    [Fact]
    public async Task Entries_that_follow_the_cursor_are_buffered_and_a_gap_leaves_a_backlog()
    {
        await FollowCaughtUpAsync(ackedThrough: 10);
        Assert.False(_cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 11, 12))));
        Assert.False(_cursors.HasBacklog);

        Assert.True(_cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 14, 15))));

        Assert.True(_cursors.HasBacklog);
        Assert.Equal([11, 12], HeldSequences());
    }

    [Fact]
    public async Task Entries_already_loaded_are_skipped_and_not_buffered_twice()
    {
        await FollowCaughtUpAsync(ackedThrough: 10);
        _cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 11, 12)));

        Assert.False(_cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 9, 13))));

        Assert.Equal([11, 12, 13], HeldSequences());
        Assert.False(_cursors.HasBacklog);
    }

    [Fact]
    public async Task A_notice_of_a_partition_not_followed_changes_nothing()
    {
        await FollowCaughtUpAsync(ackedThrough: 10);

        Assert.False(_cursors.Append(new PartitionLogNotice(_other, FeedTestData.Entries(_other, 11, 12))));

        Assert.Empty(HeldSequences());
    }

    [Fact]
    public async Task Only_entries_whose_sort_key_starts_with_a_selected_prefix_become_messages()
    {
        await FollowCaughtUpAsync(10, new PartitionSelection(_partition, "chat-"), new PartitionSelection(_partition, "note-"));
        LogEntry[] entries =
        [
            FeedTestData.Entry(_partition, 11, "chat-1"),
            FeedTestData.Entry(_partition, 12, "audit-1"),
            FeedTestData.Entry(_partition, 13, "cha"),
            FeedTestData.Entry(_partition, 14, "note-1"),
            FeedTestData.Entry(_partition, 15, "Chat-2"),
        ];

        _cursors.Append(new PartitionLogNotice(_partition, entries));

        Assert.Equal([11, 14], HeldSequences());
        Assert.False(_cursors.HasBacklog);
    }

    [Fact]
    public async Task Without_a_prefix_every_entry_with_a_version_becomes_a_message()
    {
        await FollowCaughtUpAsync(ackedThrough: 10);

        _cursors.Append(new PartitionLogNotice(_partition, [FeedTestData.Entry(_partition, 11, "x"), FeedTestData.Entry(_partition, 12, "y", removed: true), FeedTestData.Entry(_partition, 13, "")]));

        Assert.Equal([11, 13], HeldSequences());
    }

    [Fact]
    public void A_full_buffer_leaves_the_rest_in_the_log()
    {
        Follow(ackedThrough: 0);

        Assert.False(_cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 1, 7))));

        Assert.Equal([1, 2, 3, 4, 5], HeldSequences());
        Assert.True(_cursors.HasBacklog);
        Assert.False(_cursors.ShouldLoad);
    }

    [Fact]
    public void A_full_buffer_reads_its_backlog_again_only_once_a_quarter_of_it_is_free()
    {
        var messages = new PendingMessages(capacity: 8, capacityBytes: long.MaxValue, new SharedPayloads(), _arrivals);
        var cursors = new PartitionCursors(messages, _arrivals);
        cursors.Follow([new PartitionSelection(_partition)], new Dictionary<Hash, long> { [_partition] = 0 });
        Assert.False(cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 1, 10))));
        var delivered = messages.Deliver(8, new HashSet<Hash> { _partition }, _clock.GetUtcNow(), VisibilityTimeout);

        messages.Acknowledge(new FeedAcknowledgement(Delete: [delivered[0].ReceiptHandle]), _clock.GetUtcNow());
        Assert.False(cursors.ShouldLoad); // One entry a query, once per acknowledgement, is what this avoids.

        messages.Acknowledge(new FeedAcknowledgement(Delete: [delivered[1].ReceiptHandle]), _clock.GetUtcNow());
        Assert.True(cursors.ShouldLoad);
    }

    [Fact]
    public async Task A_newly_followed_partition_has_its_log_read_first()
    {
        Follow(ackedThrough: 10);
        Assert.True(_cursors.ShouldLoad);

        await _cursors.LoadAsync((_, _, _) => Task.FromResult<IReadOnlyList<LogEntry>>([]));

        Assert.False(_cursors.HasBacklog);
    }

    [Fact]
    public async Task Loading_reads_pages_after_the_cursor_until_a_page_is_not_full()
    {
        Follow(ackedThrough: 0);
        var reads = new List<(Hash Partition, long After, int Limit)>();

        await _cursors.LoadAsync((partition, after, limit) =>
        {
            reads.Add((partition, after, limit));
            return Task.FromResult(FeedTestData.Entries(partition, after + 1, after + (after == 0 ? limit : 2)));
        });

        Assert.Equal([(_partition, 0L, 5)], reads);
        Assert.True(_cursors.HasBacklog); // The first page was full and filled the buffer.

        _messages.Acknowledge(new FeedAcknowledgement(Delete: [.. DeliverAll().Take(4).Select(message => message.ReceiptHandle)]), _clock.GetUtcNow());
        reads.Clear();
        await _cursors.LoadAsync((partition, after, limit) =>
        {
            reads.Add((partition, after, limit));
            return Task.FromResult(FeedTestData.Entries(partition, after + 1, after + 2));
        });

        Assert.Equal([(_partition, 5L, 4)], reads);
        Assert.False(_cursors.HasBacklog);
        Assert.Equal([5, 6, 7], HeldSequences());
    }

    [Fact]
    public async Task A_page_read_while_the_feed_was_redefined_is_dropped()
    {
        Follow(ackedThrough: 0);

        await _cursors.LoadAsync((partition, after, limit) =>
        {
            Follow(0, new PartitionSelection(_partition, "other-"));
            return Task.FromResult(FeedTestData.Entries(partition, 1, 2));
        });

        Assert.Empty(HeldSequences());
    }

    [Fact]
    public async Task A_load_that_comes_while_one_runs_shares_it()
    {
        Follow(ackedThrough: 0);
        var page = new TaskCompletionSource<IReadOnlyList<LogEntry>>();
        var reads = 0;
        Task<IReadOnlyList<LogEntry>> ReadLog(Hash partition, long after, int limit)
        {
            reads++;
            return page.Task;
        }

        var first = _cursors.LoadAsync(ReadLog);
        var second = _cursors.LoadAsync(ReadLog);
        Assert.False(second.IsCompleted);

        page.SetResult(FeedTestData.Entries(_partition, 1, 2));
        await Task.WhenAll(first, second);

        Assert.Equal(1, reads);
        Assert.Equal([1, 2], HeldSequences());
    }

    [Fact]
    public async Task A_cursor_is_saved_just_before_its_oldest_held_message_or_at_the_last_loaded_entry()
    {
        await FollowCaughtUpAsync(ackedThrough: 10);
        _cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 11, 13)));

        await _cursors.SaveAsync(SaveAsync);
        Assert.Empty(_saved); // Still at 10: message 11 is held.

        var delivered = DeliverAll();
        _messages.Acknowledge(new FeedAcknowledgement(Delete: [delivered[0].ReceiptHandle, delivered[2].ReceiptHandle]), _clock.GetUtcNow());
        await _cursors.SaveAsync(SaveAsync);
        Assert.Equal(11, Assert.Single(_saved)[_partition]);

        _messages.Acknowledge(new FeedAcknowledgement(Delete: [delivered[1].ReceiptHandle]), _clock.GetUtcNow());
        await _cursors.SaveAsync(SaveAsync);
        Assert.Equal(13, _saved[^1][_partition]);

        await _cursors.SaveAsync(SaveAsync);
        Assert.Equal(2, _saved.Count); // Nothing moved since.
    }

    [Fact]
    public async Task Saves_asked_for_during_a_save_share_one_that_starts_after_it_and_sees_every_acknowledgement()
    {
        await FollowCaughtUpAsync(ackedThrough: 10);
        _cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 11, 13)));
        var delivered = DeliverAll();
        var firstStore = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stores = new List<IReadOnlyDictionary<Hash, long>>();
        Task Store(IReadOnlyDictionary<Hash, long> positions)
        {
            stores.Add(positions);
            return stores.Count == 1 ? firstStore.Task : Task.CompletedTask;
        }

        Acknowledge(delivered[0]);
        var first = _cursors.SaveAsync(Store);
        Acknowledge(delivered[1]);
        var second = _cursors.SaveAsync(Store);
        Acknowledge(delivered[2]);
        var third = _cursors.SaveAsync(Store);

        Assert.Same(second, third);
        Assert.False(second.IsCompleted); // Not answered before a save that holds its acknowledgement.
        firstStore.SetResult();
        await Task.WhenAll(first, second, third);

        Assert.Equal([11L, 13L], stores.Select(positions => positions[_partition]));
    }

    [Fact]
    public async Task A_failed_save_fails_its_callers_and_the_save_queued_behind_it_still_runs()
    {
        await FollowCaughtUpAsync(ackedThrough: 10);
        _cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 11, 12)));
        var delivered = DeliverAll();
        var firstStore = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stores = 0;
        Task Store(IReadOnlyDictionary<Hash, long> positions) => ++stores == 1 ? firstStore.Task : SaveAsync(positions);

        Acknowledge(delivered[0]);
        var first = _cursors.SaveAsync(Store);
        Acknowledge(delivered[1]);
        var second = _cursors.SaveAsync(Store);
        firstStore.SetException(new InvalidOperationException("the database went away"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await second;
        Assert.Equal(12, Assert.Single(_saved)[_partition]);
    }

    [Fact]
    public async Task Filtered_entries_move_the_cursor_although_nothing_was_delivered()
    {
        await FollowCaughtUpAsync(10, new PartitionSelection(_partition, "chat-"));
        _cursors.Append(new PartitionLogNotice(_partition, [FeedTestData.Entry(_partition, 11, "audit"), FeedTestData.Entry(_partition, 12, "audit")]));

        await _cursors.SaveAsync(SaveAsync);

        Assert.Equal(12, Assert.Single(_saved)[_partition]);
    }

    [Fact]
    public async Task A_requeued_dead_letter_does_not_hold_the_cursor_back()
    {
        await FollowCaughtUpAsync(ackedThrough: 10);
        var gone = _cursors.HoldRequeued(
        [
            new DeadLetterRecord(new MessageKey(_partition, 4), 25, FeedTestData.Start, FeedTestData.Entry(_partition, 4)),
            new DeadLetterRecord(new MessageKey(_partition, 5), 25, FeedTestData.Start, FeedTestData.Entry(_partition, 5, removed: true)),
            new DeadLetterRecord(new MessageKey(_other, 6), 25, FeedTestData.Start, FeedTestData.Entry(_other, 6)),
        ]);
        _cursors.Append(new PartitionLogNotice(_partition, [FeedTestData.Entry(_partition, 11, removed: true)]));

        await _cursors.SaveAsync(SaveAsync);

        Assert.Equal([new MessageKey(_partition, 5)], gone);
        Assert.Equal([4], HeldSequences());
        Assert.Equal(11, Assert.Single(_saved)[_partition]);
    }

    [Fact]
    public void A_redefinition_keeps_the_partitions_selected_as_before_and_forgets_the_others_with_their_messages()
    {
        _cursors.Follow([new PartitionSelection(_partition), new PartitionSelection(_other, "x")], new Dictionary<Hash, long> { [_partition] = 0, [_other] = 0 });
        _cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 1, 1)));
        _cursors.Append(new PartitionLogNotice(_other, [FeedTestData.Entry(_other, 1, "x1")]));

        _cursors.Follow([new PartitionSelection(_partition), new PartitionSelection(_other, "y")], new Dictionary<Hash, long> { [_partition] = 0, [_other] = 1 });

        Assert.Equal([new MessageKey(_partition, 1)], _messages.All.Select(message => message.Key));
        _cursors.Append(new PartitionLogNotice(_other, [FeedTestData.Entry(_other, 2, "y1")]));
        Assert.Equal(2, _messages.Held);
    }

    [Fact]
    public void A_selected_partition_without_a_stored_cursor_is_not_followed()
    {
        _cursors.Follow([new PartitionSelection(_partition), new PartitionSelection(_other)], new Dictionary<Hash, long> { [_partition] = 0 });

        Assert.Equal([_partition], _cursors.Partitions);
        Assert.False(_cursors.Follows(_other));
    }

    [Fact]
    public async Task A_catch_up_assumes_every_log_holds_more()
    {
        await FollowCaughtUpAsync(ackedThrough: 0);
        _cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 1, 1)));
        Assert.False(_cursors.ShouldLoad);

        _cursors.CatchUp();

        Assert.True(_cursors.ShouldLoad);
        Assert.False(_cursors.HasBacklog); // A precautionary look is no backlog: the feed's status does not report one.
    }

    [Fact]
    public async Task A_partition_nobody_may_read_leaves_the_buffer_and_waits_in_its_log_until_someone_may()
    {
        _cursors.Follow([new PartitionSelection(_partition), new PartitionSelection(_other)], new Dictionary<Hash, long> { [_partition] = 10, [_other] = 10 });
        await _cursors.LoadAsync((_, _, _) => Task.FromResult<IReadOnlyList<LogEntry>>([]));
        _cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 11, 15)));
        Assert.False(_messages.HasRoom);

        Assert.False(_cursors.RestrictTo(new HashSet<Hash> { _other }));
        _cursors.Append(new PartitionLogNotice(_partition, FeedTestData.Entries(_partition, 16, 16)));
        _cursors.Append(new PartitionLogNotice(_other, FeedTestData.Entries(_other, 11, 11)));

        Assert.Equal([_other], _messages.All.Select(message => message.Key.PartitionHash));
        await _cursors.SaveAsync(SaveAsync);
        Assert.Empty(_saved); // The messages dropped are not done: the unreadable partition's cursor stays before them.

        Assert.True(_cursors.RestrictTo(new HashSet<Hash> { _partition, _other }));
        Assert.True(_cursors.ShouldLoad);
        var reads = new List<long>();
        await _cursors.LoadAsync((partition, after, _) =>
        {
            reads.Add(after);
            return Task.FromResult(partition == _partition ? FeedTestData.Entries(_partition, after + 1, 16) : []);
        });
        Assert.Equal([10L], reads);
        Assert.Equal([11, 11, 12, 13, 14], HeldSequences());
    }

    [Fact]
    public async Task An_object_leaving_the_selected_prefix_is_a_message_of_the_feed()
    {
        await FollowCaughtUpAsync(ackedThrough: 10, new PartitionSelection(_partition, "chat-"));
        var movedOut = FeedTestData.Entry(_partition, 11, "audit-1") with { PreviousSortKey = "chat-1" };
        var movedElsewhere = FeedTestData.Entry(_partition, 12, "audit-2") with { PreviousSortKey = "audit-1" };

        _cursors.Append(new PartitionLogNotice(_partition, [movedOut, movedElsewhere]));

        Assert.Equal([11], HeldSequences());
    }

    private void Follow(long ackedThrough, params PartitionSelection[] selections) =>
        _cursors.Follow(selections.Length > 0 ? selections : [new PartitionSelection(_partition)], new Dictionary<Hash, long> { [_partition] = ackedThrough });

    /// <summary>Follows the partition and reads its log, which holds nothing after <paramref name="ackedThrough"/>: no backlog is left.</summary>
    private async Task FollowCaughtUpAsync(long ackedThrough, params PartitionSelection[] selections)
    {
        Follow(ackedThrough, selections);
        await _cursors.LoadAsync((_, _, _) => Task.FromResult<IReadOnlyList<LogEntry>>([]));
    }

    private void Acknowledge(FeedMessage message) =>
        _messages.Acknowledge(new FeedAcknowledgement(Delete: [message.ReceiptHandle]), _clock.GetUtcNow());

    private long[] HeldSequences() => [.. _messages.All.Select(message => message.Key.Sequence).Order()];

    private IReadOnlyList<FeedMessage> DeliverAll() =>
        _messages.Deliver(10, new HashSet<Hash> { _partition, _other }, _clock.GetUtcNow(), VisibilityTimeout);

    private Task SaveAsync(IReadOnlyDictionary<Hash, long> positions)
    {
        _saved.Add(positions);
        return Task.CompletedTask;
    }
}
