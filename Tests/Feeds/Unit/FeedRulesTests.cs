using Microsoft.Extensions.Time.Testing;
using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Feeds.Unit;

[Kind(TestKind.Unit)]
public sealed class FeedRulesTests
{
    private const long Owner = 100;
    private const long Reader = 200;
    private static readonly TimeSpan IdleExpiry = TimeSpan.FromDays(7);
    private static readonly PartitionId FeedId = new("calendar-changes", Owner);

    private readonly Hash _partition = FeedTestData.PartitionHash("a");
    private readonly FakeTimeProvider _clock = new(FeedTestData.Start);
    private readonly FeedRules _rules;
    private readonly List<(Hash Partition, long User)> _readChecks = [];
    private readonly List<DateTimeOffset> _storedExpiries = [];

    public FeedRulesTests()
    {
        var feedHash = PartitionIds.HashOf(FeedId, "feed");
        _rules = new FeedRules(feedHash, feedHash.Value, maxSelections: 100);
    }

    [Fact]
    public async Task A_valid_upsert_defines_the_feed_with_its_readers_in_order_and_the_idle_expiry()
    {
        var definition = await DefineAsync(Request(readers: [new UserPermissions(300, Permission.Read), new UserPermissions(Reader, Permission.Read)]));

        Assert.Equal([Reader, 300], definition.Readers);
        Assert.Equal(FeedTestData.Start + IdleExpiry, definition.ExpiresAt);
        Assert.Equal([(_partition, Owner), (_partition, Reader), (_partition, 300L)], _readChecks);
    }

    [Fact]
    public async Task A_reader_listed_without_read_is_left_out()
    {
        var definition = await DefineAsync(Request(readers: [new UserPermissions(Reader, Permission.None)]));

        Assert.Empty(definition.Readers);
    }

    [Fact]
    public async Task Only_the_user_the_feed_id_names_may_define_it()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => _rules.DefineAsync(Reader, Request(), RequireReadAsync, _clock, IdleExpiry));
    }

    [Fact]
    public async Task A_feed_id_of_another_feed_is_refused()
    {
        await RefusedAsync(Request() with { Id = new PartitionId("another", Owner) });
        await RefusedAsync(Request() with { Id = null! });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task A_feed_selects_one_to_a_hundred_partitions(int count)
    {
        var selections = Enumerable.Range(0, count).Select(index => new PartitionSelection(FeedTestData.PartitionHash($"p{index}"))).ToList();

        await RefusedAsync(Request() with { Selections = selections });
    }

    [Fact]
    public async Task The_most_selections_are_a_setting()
    {
        var feedHash = PartitionIds.HashOf(FeedId, "feed");
        var rules = new FeedRules(feedHash, feedHash.Value, maxSelections: 2);
        var selections = Enumerable.Range(0, 3).Select(index => new PartitionSelection(FeedTestData.PartitionHash($"p{index}"))).ToList();

        var refusal = await Assert.ThrowsAsync<InvalidInputException>(() => rules.DefineAsync(Owner, Request() with { Selections = selections }, RequireReadAsync, _clock, IdleExpiry));

        Assert.Contains("1 to 2 partitions", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await rules.DefineAsync(Owner, Request() with { Selections = selections[..2] }, RequireReadAsync, _clock, IdleExpiry)).Selections.Count);
    }

    [Fact]
    public async Task A_hundred_partitions_may_be_selected()
    {
        var selections = Enumerable.Range(0, 100).Select(index => new PartitionSelection(FeedTestData.PartitionHash($"p{index}"))).ToList();

        Assert.Equal(100, (await DefineAsync(Request() with { Selections = selections })).Selections.Count);
    }

    [Fact]
    public async Task A_selection_needs_its_partition_hash_and_may_not_repeat()
    {
        await RefusedAsync(Request() with { Selections = [new PartitionSelection(default)] });
        await RefusedAsync(Request() with { Selections = null! });
        await RefusedAsync(Request() with { Selections = [new PartitionSelection(_partition, "x"), new PartitionSelection(_partition, "x")] });

        var definition = await DefineAsync(Request() with { Selections = [new PartitionSelection(_partition, "x"), new PartitionSelection(_partition, "y")] });
        Assert.Equal(2, definition.Selections.Count);
    }

    [Fact]
    public async Task Readers_are_positive_users_other_than_the_owner_listed_once_with_read_only()
    {
        await RefusedAsync(Request(readers: [new UserPermissions(Reader, Permission.Read), new UserPermissions(Reader, Permission.Read)]));
        await RefusedAsync(Request(readers: [new UserPermissions(Owner, Permission.Read)]));
        await RefusedAsync(Request(readers: [new UserPermissions(Reader, Permission.Read | Permission.Write)]));
        await RefusedAsync(Request(readers: [new UserPermissions(0, Permission.Read)]));
        await RefusedAsync(Request(readers: [new UserPermissions(-1, Permission.Read)]));
        Assert.Empty(_readChecks);
    }

    [Fact]
    public async Task An_expiry_must_lie_in_the_future()
    {
        await RefusedAsync(Request() with { ExpiryTime = FeedTestData.Start });
        await RefusedAsync(Request() with { ExpiryTime = FeedTestData.Start.AddSeconds(-1) });

        var definition = await DefineAsync(Request() with { ExpiryTime = FeedTestData.Start.AddSeconds(1) });
        Assert.Equal(FeedTestData.Start.AddSeconds(1), definition.ExpiresAt);
    }

    [Fact]
    public async Task A_time_to_live_of_a_minute_to_five_days_expires_the_feed_that_long_after_the_upsert()
    {
        await RefusedAsync(Request() with { TimeToLive = TimeSpan.FromSeconds(59) });
        await RefusedAsync(Request() with { TimeToLive = TimeSpan.FromDays(5) + TimeSpan.FromMilliseconds(1) });
        await RefusedAsync(Request() with { TimeToLive = TimeSpan.FromMinutes(5), ExpiryTime = FeedTestData.Start.AddHours(1) });

        Assert.Equal(FeedTestData.Start.AddMinutes(1), (await DefineAsync(Request() with { TimeToLive = TimeSpan.FromMinutes(1) })).ExpiresAt);
        Assert.Equal(FeedTestData.Start.AddDays(5), (await DefineAsync(Request() with { TimeToLive = TimeSpan.FromDays(5) })).ExpiresAt);
    }

    [Fact]
    public async Task A_user_who_may_not_read_a_selected_partition_fails_the_upsert()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => _rules.DefineAsync(
            Owner, Request(readers: [new UserPermissions(Reader, Permission.Read)]), (_, user) => user == Reader ? throw new ForbiddenException("no READ") : Task.CompletedTask, _clock, IdleExpiry));
    }

    [Fact]
    public async Task The_owner_and_the_readers_may_read_and_only_the_owner_change()
    {
        Assert.Throws<NotFoundException>(() => _rules.RequireReader(Owner));
        _rules.Adopt(await DefineAsync(Request(readers: [new UserPermissions(Reader, Permission.Read)])));

        _rules.RequireReader(Owner);
        _rules.RequireReader(Reader);
        _rules.RequireOwner(Owner);
        Assert.Throws<ForbiddenException>(() => _rules.RequireReader(300));
        Assert.Throws<ForbiddenException>(() => _rules.RequireOwner(Reader));

        _rules.Forget();
        Assert.Throws<NotFoundException>(() => _rules.RequireOwner(Owner));
    }

    [Fact]
    public async Task The_feed_answer_lists_its_readers_with_read()
    {
        var feed = FeedRules.Describe(await DefineAsync(Request(readers: [new UserPermissions(Reader, Permission.Read)])));

        Assert.Equal([new UserPermissions(Reader, Permission.Read)], feed.Readers);
        Assert.Equal(FeedId, feed.Id);
    }

    [Fact]
    public async Task A_fetch_stores_the_idle_expiry_a_minute_ahead_and_writes_again_only_once_that_minute_is_used_up()
    {
        _rules.Adopt(await DefineAsync(Request()));

        await ExtendAsync(FeedTestData.Start.AddSeconds(1));
        await ExtendAsync(FeedTestData.Start.AddSeconds(61));
        await ExtendAsync(FeedTestData.Start.AddSeconds(62));

        Assert.Equal([FeedTestData.Start.AddSeconds(1 + 60) + IdleExpiry, FeedTestData.Start.AddSeconds(62 + 60) + IdleExpiry], _storedExpiries);
        Assert.Equal(FeedTestData.Start.AddSeconds(62 + 60) + IdleExpiry, _rules.RequireFeed().ExpiresAt);
    }

    [Fact]
    public async Task A_sixty_second_time_to_live_is_extended_by_itself_with_six_seconds_ahead_and_never_falls_short_of_a_fetch()
    {
        _rules.Adopt(await DefineAsync(Request() with { TimeToLive = TimeSpan.FromSeconds(60) }));

        var fetches = new[] { 30, 33, 36, 37, 50 }.Select(seconds => FeedTestData.Start.AddSeconds(seconds)).ToList();
        foreach (var fetch in fetches)
        {
            await ExtendAsync(fetch);
            Assert.InRange(_rules.RequireFeed().ExpiresAt, fetch.AddSeconds(60), fetch.AddSeconds(66));
        }

        // 33 and 36 fall inside the six seconds that 30 stored; 37 and 50 do not.
        Assert.Equal([FeedTestData.Start.AddSeconds(96), FeedTestData.Start.AddSeconds(103), FeedTestData.Start.AddSeconds(116)], _storedExpiries);
    }

    [Fact]
    public async Task A_long_time_to_live_is_stored_at_most_a_minute_ahead()
    {
        _rules.Adopt(await DefineAsync(Request() with { TimeToLive = TimeSpan.FromDays(5) }));

        await ExtendAsync(FeedTestData.Start.AddSeconds(1));

        Assert.Equal([FeedTestData.Start.AddSeconds(1 + 60) + TimeSpan.FromDays(5)], _storedExpiries);
    }

    [Fact]
    public async Task An_expiry_time_keeps_the_idle_expiry_after_a_fetch_and_a_later_one_is_never_moved_back()
    {
        _rules.Adopt(await DefineAsync(Request() with { ExpiryTime = FeedTestData.Start.AddHours(1) }));
        Assert.Null(_rules.RequireFeed().TimeToLive);
        await ExtendAsync(FeedTestData.Start.AddSeconds(1));
        Assert.Equal([FeedTestData.Start.AddSeconds(1 + 60) + IdleExpiry], _storedExpiries);

        _rules.Adopt(await DefineAsync(Request() with { ExpiryTime = FeedTestData.Start.AddDays(30) }));
        await ExtendAsync(FeedTestData.Start.AddSeconds(2));
        Assert.Single(_storedExpiries);
        Assert.Equal(FeedTestData.Start.AddDays(30), _rules.RequireFeed().ExpiresAt);
    }

    [Fact]
    public async Task A_redefinition_without_an_expiry_keeps_the_time_to_live_and_one_with_an_expiry_replaces_it()
    {
        var minute = TimeSpan.FromMinutes(1);
        _rules.Adopt(await DefineAsync(Request() with { TimeToLive = minute }));
        _clock.Advance(TimeSpan.FromSeconds(30));

        var kept = await DefineAsync(Request(readers: [new UserPermissions(Reader, Permission.Read)]));
        Assert.Equal(minute, kept.TimeToLive);
        Assert.Equal(_clock.GetUtcNow() + minute, kept.ExpiresAt);

        Assert.Equal(TimeSpan.FromHours(2), (await DefineAsync(Request() with { TimeToLive = TimeSpan.FromHours(2) })).TimeToLive);
        Assert.Null((await DefineAsync(Request() with { ExpiryTime = _clock.GetUtcNow().AddHours(1) })).TimeToLive);

        _rules.Forget();
        var created = await DefineAsync(Request());
        Assert.Null(created.TimeToLive);
        Assert.Equal(_clock.GetUtcNow() + IdleExpiry, created.ExpiresAt);
    }

    [Fact]
    public async Task A_feed_deleted_while_its_expiry_was_stored_stays_deleted()
    {
        _rules.Adopt(await DefineAsync(Request()));

        await _rules.ExtendExpiryAsync(FeedTestData.Start.AddHours(1), IdleExpiry, _ =>
        {
            _rules.Forget();
            return Task.CompletedTask;
        });

        Assert.Null(_rules.Definition);
    }

    [Fact]
    public async Task A_feed_redefined_while_its_expiry_was_stored_keeps_its_new_definition()
    {
        _rules.Adopt(await DefineAsync(Request()));
        var redefined = await DefineAsync(Request(readers: [new UserPermissions(Reader, Permission.Read)]));

        await _rules.ExtendExpiryAsync(FeedTestData.Start.AddHours(1), IdleExpiry, _ =>
        {
            _rules.Adopt(redefined);
            return Task.CompletedTask;
        });

        Assert.Same(redefined, _rules.Definition);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(11, 0)]
    [InlineData(1, -1)]
    [InlineData(1, 21)]
    public void A_fetch_asks_for_none_to_ten_messages_waiting_up_to_twenty_seconds(int maxItems, int waitTimeSeconds)
    {
        Assert.Throws<InvalidInputException>(() => FeedRules.Validate(new FeedRequest(maxItems, waitTimeSeconds)));
    }

    [Fact]
    public void The_limits_of_a_fetch_are_allowed()
    {
        FeedRules.Validate(new FeedRequest(0, 0));
        FeedRules.Validate(new FeedRequest(1, 0));
        FeedRules.Validate(new FeedRequest(10, 20));
        Assert.Throws<InvalidInputException>(() => FeedRules.Validate((FeedRequest)null!));
    }

    [Fact]
    public void An_acknowledgement_names_at_most_a_hundred_receipt_handles_of_each_kind()
    {
        var handles = Enumerable.Range(0, 101).Select(index => $"h{index}").ToList();

        Assert.Throws<InvalidInputException>(() => FeedRules.Validate(new FeedAcknowledgement(Delete: handles)));
        Assert.Throws<InvalidInputException>(() => FeedRules.Validate(new FeedAcknowledgement(Extend: [.. handles.Select(handle => new VisibilityChange(handle, 1))])));
        FeedRules.Validate(new FeedAcknowledgement(Delete: handles[..100], Extend: [.. handles[..100].Select(handle => new VisibilityChange(handle, 1))]));
    }

    [Fact]
    public void An_acknowledgement_needs_receipt_handles_and_visibility_timeouts_of_at_most_twelve_hours()
    {
        Assert.Throws<InvalidInputException>(() => FeedRules.Validate(new FeedAcknowledgement(Delete: [""])));
        Assert.Throws<InvalidInputException>(() => FeedRules.Validate(new FeedAcknowledgement(Extend: [new VisibilityChange("", 1)])));
        Assert.Throws<InvalidInputException>(() => FeedRules.Validate(new FeedAcknowledgement(Extend: [new VisibilityChange("h", -1)])));
        Assert.Throws<InvalidInputException>(() => FeedRules.Validate(new FeedAcknowledgement(Extend: [new VisibilityChange("h", 12 * 60 * 60 + 1)])));
        FeedRules.Validate(new FeedAcknowledgement(Extend: [new VisibilityChange("h", 0), new VisibilityChange("i", 12 * 60 * 60)]));
    }

    [Fact]
    public void A_dead_letter_listing_asks_for_one_to_a_thousand()
    {
        Assert.Throws<InvalidInputException>(() => FeedRules.ValidateDeadLetterLimit(0));
        Assert.Throws<InvalidInputException>(() => FeedRules.ValidateDeadLetterLimit(1001));
        FeedRules.ValidateDeadLetterLimit(1);
        FeedRules.ValidateDeadLetterLimit(1000);
    }

    [Fact]
    public async Task The_starts_are_gathered_per_partition_and_left_out_of_the_selections_stored()
    {
        var other = FeedTestData.PartitionHash("b");
        var definition = await DefineAsync(Request() with
        {
            Selections =
            [
                new PartitionSelection(_partition, "x", FeedStart.Beginning),
                new PartitionSelection(_partition, "y", FeedStart.After(0)),
                new PartitionSelection(other, null, FeedStart.At(FeedTestData.Start)),
                new PartitionSelection(FeedTestData.PartitionHash("c"), null, new FeedStart()),
            ],
        });

        Assert.Equal([(_partition, FeedStart.Beginning), (other, FeedStart.At(FeedTestData.Start))], definition.Starts!.Select(start => (start.Key, start.Value)));
        Assert.All(definition.Selections, selection => Assert.Null(selection.Start));
    }

    [Fact]
    public async Task A_start_is_refused_before_the_log_in_the_future_with_both_kinds_or_unlike_another_of_its_partition()
    {
        await RefusedAsync(Request() with { Selections = [new PartitionSelection(_partition, Start: FeedStart.After(-1))] });
        await RefusedAsync(Request() with { Selections = [new PartitionSelection(_partition, Start: FeedStart.At(FeedTestData.Start.AddTicks(1)))] });
        await RefusedAsync(Request() with { Selections = [new PartitionSelection(_partition, Start: new FeedStart(1, FeedTestData.Start))] });
        await RefusedAsync(Request() with
        {
            Selections = [new PartitionSelection(_partition, "x", FeedStart.Beginning), new PartitionSelection(_partition, "y", FeedStart.After(1))],
        });
        await RefusedAsync(Request() with
        {
            Selections = [new PartitionSelection(_partition, "x", FeedStart.Beginning), new PartitionSelection(_partition, "x")],
        });
    }

    [Fact]
    public async Task A_redefinition_keeps_the_feed_ordered_unless_it_says_otherwise()
    {
        var ordered = await DefineAsync(Request() with { Ordered = true });
        _rules.Adopt(ordered);

        Assert.True(ordered.Ordered);
        Assert.True((await DefineAsync(Request())).Ordered);
        Assert.False((await DefineAsync(Request() with { Ordered = false })).Ordered);
    }

    private UpsertFeedRequest Request(IReadOnlyList<UserPermissions>? readers = null) =>
        new(FeedId, [new PartitionSelection(_partition)], readers);

    private Task<FeedDefinition> DefineAsync(UpsertFeedRequest request) =>
        _rules.DefineAsync(Owner, request, RequireReadAsync, _clock, IdleExpiry);

    private Task ExtendAsync(DateTimeOffset now) =>
        _rules.ExtendExpiryAsync(now, IdleExpiry, expiresAt =>
        {
            _storedExpiries.Add(expiresAt);
            return Task.CompletedTask;
        });

    private Task RefusedAsync(UpsertFeedRequest request) =>
        Assert.ThrowsAsync<InvalidInputException>(() => DefineAsync(request));

    private Task RequireReadAsync(Hash partition, long user)
    {
        _readChecks.Add((partition, user));
        return Task.CompletedTask;
    }
}
