using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using ObjectStore.Partitions;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Partitions;

/// <summary>
/// Gathering in a group commit: after several callers' writes commit, the next batch waits (bounded) for as many to queue again,
/// so that concurrent writers share one commit instead of taking turns. Time is a fake the test moves; a commit is a
/// stand-in the test finishes, so what waits behind it is certain.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class GroupCommitGatheringTests
{
    private static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(2);

    private readonly List<string> _batches = [];
    private readonly Channel<TaskCompletionSource> _commits = Channel.CreateUnbounded<TaskCompletionSource>();
    private readonly ArmedTimers _clock = new();
    private readonly ConcurrentQueue<bool> _gathers = new();

    private GroupCommit<Item> NewGroupCommit(long maxBytes = 4 * 1024 * 1024) => new(
        async batch =>
        {
            var commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_batches)
            {
                _batches.Add(string.Concat(batch.Select(item => item.Name)));
            }

            await _commits.Writer.WriteAsync(commit);
            await commit.Task;
        },
        static (_, _) => { },
        static item => item.Writes,
        static item => item.Bytes,
        new WriteBatchOptions { MaxBatchBytes = maxBytes, GatherDelay = GatherDelay },
        _clock,
        filled => _gathers.Enqueue(filled),
        leaveCallerScheduler: true);

    /// <summary>Waits until a batch is committing, then lets its commit finish.</summary>
    private async Task FinishCommitAsync() => (await NextCommitAsync()).SetResult();

    /// <summary>The next batch's commit, once it is in flight; a batch that never goes fails the test, not hangs it.</summary>
    private async Task<TaskCompletionSource> NextCommitAsync()
    {
        using var patience = new CancellationTokenSource(Eventually.DefaultPatience);
        return await _commits.Reader.ReadAsync(patience.Token);
    }

    /// <summary>Commits a lone first write, submitting <paramref name="next"/> while it is in flight, then commits those.</summary>
    private async Task CommitOneThenAsync(GroupCommit<Item> commits, params Item[] next)
    {
        commits.Submit(new Item("a"));
        var first = await NextCommitAsync();
        foreach (var item in next)
        {
            commits.Submit(item);
        }

        first.SetResult();
        await FinishCommitAsync();
    }

    [Fact]
    public async Task After_several_callers_commit_the_next_batch_waits_for_as_many_and_goes_as_soon_as_they_queue()
    {
        var commits = NewGroupCommit();
        await CommitOneThenAsync(commits, new Item("b"), new Item("c", Writes: 5));
        await _clock.NextArmedAsync();

        commits.Submit(new Item("d"));
        commits.Submit(new Item("e"));
        await FinishCommitAsync();

        Assert.Equal(["a", "bc", "de"], _batches);
        Assert.Equal([true], _gathers);
    }

    [Fact]
    public async Task Callers_that_queue_too_few_go_once_the_gather_delay_has_passed_and_not_before()
    {
        var commits = NewGroupCommit();
        await CommitOneThenAsync(commits, new Item("b"), new Item("c"), new Item("d"));
        await _clock.NextArmedAsync();

        commits.Submit(new Item("e"));
        _clock.Advance(GatherDelay - TimeSpan.FromTicks(1));
        commits.Submit(new Item("f"));
        _clock.Advance(TimeSpan.FromTicks(1));
        await FinishCommitAsync();

        Assert.Equal(["a", "bcd", "ef"], _batches);
        Assert.Equal([false], _gathers);
    }

    [Fact]
    public async Task After_a_gathering_runs_out_of_time_the_next_batch_goes_at_once_and_the_one_after_gathers_again()
    {
        var commits = NewGroupCommit();
        await CommitOneThenAsync(commits, new Item("b"), new Item("c"), new Item("d"));
        await _clock.NextArmedAsync();
        commits.Submit(new Item("e"));
        commits.Submit(new Item("f"));
        _clock.Advance(GatherDelay);

        var timedOut = await NextCommitAsync();
        commits.Submit(new Item("g"));
        commits.Submit(new Item("h"));
        timedOut.SetResult();
        var skipped = await NextCommitAsync();
        commits.Submit(new Item("i"));
        skipped.SetResult();
        await _clock.NextArmedAsync();

        Assert.Equal(["a", "bcd", "ef", "gh"], _batches);
        Assert.Equal([false], _gathers);
        Assert.Equal(2, _clock.Armed);
    }

    [Fact]
    public async Task A_lone_caller_never_waits_for_others_however_many_writes_it_sends()
    {
        var commits = NewGroupCommit();
        commits.Submit(new Item("a", Writes: 3));
        await FinishCommitAsync();
        commits.Submit(new Item("b", Writes: 40));
        await FinishCommitAsync();
        commits.Submit(new Item("c", Writes: 3));
        await FinishCommitAsync();

        Assert.Equal(["a", "b", "c"], _batches);
        Assert.Equal(0, _clock.Armed);
    }

    [Fact]
    public async Task A_full_batch_of_bytes_ends_the_gathering_at_once()
    {
        var commits = NewGroupCommit(maxBytes: 100);
        await CommitOneThenAsync(commits, new Item("b"), new Item("c"));
        await _clock.NextArmedAsync();

        commits.Submit(new Item("d", Bytes: 100));
        await FinishCommitAsync();

        Assert.Equal(["a", "bc", "d"], _batches);
    }

    private sealed record Item(string Name, int Writes = 1, long Bytes = 10);

    /// <summary>A fake clock that tells when a timer is armed: the moment a gathering starts waiting.</summary>
    private sealed class ArmedTimers : FakeTimeProvider
    {
        private readonly Channel<bool> _armed = Channel.CreateUnbounded<bool>();

        private int _count;

        public int Armed => Volatile.Read(ref _count);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _count);
            _armed.Writer.TryWrite(true);
            return timer;
        }

        public async Task NextArmedAsync()
        {
            using var patience = new CancellationTokenSource(Eventually.DefaultPatience);
            await _armed.Reader.ReadAsync(patience.Token);
        }
    }
}
