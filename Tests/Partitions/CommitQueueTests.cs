using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Partitions;

/// <summary>The group-commit queue on its own: what goes in a batch, and who is answered when.</summary>
[Kind(TestKind.Unit)]
public sealed class CommitQueueTests : IDisposable
{
    private readonly ServiceProvider _host = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly WriteBatchMetrics _metrics;
    private readonly List<IReadOnlyList<PendingCommit>> _batches = [];
    private readonly Channel<TaskCompletionSource> _commits = Channel.CreateUnbounded<TaskCompletionSource>();

    public CommitQueueTests() => _metrics = new WriteBatchMetrics(_host.GetRequiredService<IMeterFactory>());

    public void Dispose() => _host.Dispose();

    private CommitQueue NewQueue(int maxWrites = 256, long maxBytes = 4 * 1024 * 1024) => new(async batch =>
    {
        var commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_batches)
        {
            _batches.Add(batch);
        }

        await _commits.Writer.WriteAsync(commit);
        await commit.Task;
        foreach (var pending in batch)
        {
            pending.Complete(new UnitOutcome([], Error: null));
        }
    }, new WriteBatchOptions { MaxBatchWrites = maxWrites, MaxBatchBytes = maxBytes, GatherDelay = TimeSpan.Zero }, TimeProvider.System, _metrics);

    /// <summary>Waits until a batch is committing, then lets its commit finish (or fail).</summary>
    private async Task FinishCommitAsync(Exception? failure = null)
    {
        var commit = await _commits.Reader.ReadAsync();
        if (failure is null)
        {
            commit.SetResult();
        }
        else
        {
            commit.SetException(failure);
        }
    }

    private static PendingCommit Unit(int writes = 1, int bytes = 10) =>
        new(7, [.. Enumerable.Range(0, writes).Select(_ => new PreparedWrite(ObjectKind.Stored, default, default, "k", null, null, null, null, null, null, new byte[bytes]))]);

    [Fact]
    public async Task Writes_that_arrive_while_a_commit_is_in_flight_go_together_in_the_next_in_arrival_order()
    {
        var queue = NewQueue();
        var first = Unit();
        var waiting = new[] { Unit(), Unit(), Unit() };

        var firstAnswer = queue.SubmitAsync(first);
        Assert.True(queue.IsCommitting);
        var answers = waiting.Select(queue.SubmitAsync).ToList();
        await FinishCommitAsync();
        await firstAnswer;
        Assert.All(answers, answer => Assert.False(answer.IsCompleted));
        await FinishCommitAsync();
        await Task.WhenAll(answers);

        Assert.Equal([[first], waiting], _batches);
        Assert.False(queue.IsCommitting);
    }

    [Fact]
    public async Task A_batch_is_bounded_in_writes_and_in_bytes_and_a_larger_unit_goes_alone()
    {
        var queue = NewQueue(maxWrites: 4, maxBytes: 100);
        PendingCommit[] units = [Unit(), Unit(writes: 3), Unit(writes: 1), Unit(writes: 2), Unit(writes: 9), Unit(bytes: 60), Unit(bytes: 30), Unit(bytes: 20)];
        var answers = units.ToDictionary(unit => unit, queue.SubmitAsync);

        for (var batch = 0; batch < 6; batch++)
        {
            await FinishCommitAsync();
            await Task.WhenAll(_batches[batch].Select(unit => answers[unit]));
        }

        Assert.Equal([[units[0]], [units[1], units[2]], [units[3]], [units[4]], [units[5], units[6]], [units[7]]], _batches);
        Assert.False(queue.IsCommitting);
    }

    [Fact]
    public async Task A_failed_commit_fails_the_callers_of_its_batch_and_the_next_batch_still_commits()
    {
        var queue = NewQueue();
        var first = queue.SubmitAsync(Unit());
        var failing = new[] { queue.SubmitAsync(Unit()), queue.SubmitAsync(Unit()) };
        await FinishCommitAsync();
        await first;

        await FinishCommitAsync(new StorageFailureException("the connection was killed"));

        foreach (var answer in failing)
        {
            await Assert.ThrowsAsync<StorageFailureException>(() => answer);
        }

        var later = queue.SubmitAsync(Unit());
        await FinishCommitAsync();
        await later;
        Assert.Equal(3, _batches.Count);
    }
}
