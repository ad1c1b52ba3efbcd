using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Telemetry;

namespace ObjectStore.Tests.Partitions;

/// <summary>
/// The silo's committer on its own: which partitions' batches share a database transaction, and what each grain gets
/// back. The transaction is a stand-in the test finishes when it chooses, so what waits behind it is certain.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class SiloCommitterTests : IDisposable
{
    private readonly List<IReadOnlyList<IReadOnlyList<PreparedWrite>>> _transactions = [];
    private readonly Channel<TaskCompletionSource> _inFlight = Channel.CreateUnbounded<TaskCompletionSource>();
    private readonly ServiceProvider _host = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ObjectStoreTracing _tracing = new();
    private readonly WriteBatchMetrics _metrics;

    public SiloCommitterTests() => _metrics = new WriteBatchMetrics(_host.GetRequiredService<IMeterFactory>());

    public void Dispose()
    {
        _host.Dispose();
        _tracing.Dispose();
    }

    /// <summary>Each unit's outcome names its first write's sort key, or fails when that key says so.</summary>
    private SiloCommitter NewCommitter(int maxWrites = 256, long maxBytes = 4 * 1024 * 1024) => new(async (units, _) =>
    {
        var commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_transactions)
        {
            _transactions.Add(units);
        }

        await _inFlight.Writer.WriteAsync(commit);
        await commit.Task;
        return [.. units.Select(unit => unit[0].SortKey.StartsWith("conflict", StringComparison.Ordinal)
            ? new UnitOutcome(Results: null, new VersionConflictException(unit[0].SortKey))
            : new UnitOutcome([], Error: null))];
    }, new WriteBatchOptions { MaxBatchWrites = maxWrites, MaxBatchBytes = maxBytes, GatherDelay = TimeSpan.Zero }, _metrics, _tracing, TimeProvider.System);

    /// <summary>Completes once a transaction is in flight; what is submitted after waits for the next.</summary>
    private async Task<TaskCompletionSource> InFlightAsync() => await _inFlight.Reader.ReadAsync();

    /// <summary>Waits until a transaction is in flight, then lets it commit (or throw).</summary>
    private async Task FinishTransactionAsync(Exception? failure = null) => Finish(await InFlightAsync(), failure);

    private static void Finish(TaskCompletionSource commit, Exception? failure = null)
    {
        if (failure is null)
        {
            commit.SetResult();
        }
        else
        {
            commit.SetException(failure);
        }
    }

    private static IReadOnlyList<PreparedWrite> Unit(string sortKey, int writes = 1, int bytes = 10) =>
        [.. Enumerable.Range(0, writes).Select(_ => new PreparedWrite(ObjectKind.Stored, default, default, sortKey, null, null, null, null, null, null, new byte[bytes]))];

    private static IReadOnlyList<IReadOnlyList<PreparedWrite>> Batch(params IReadOnlyList<PreparedWrite>[] units) => units;

    [Fact]
    public async Task Batches_of_several_partitions_that_wait_behind_a_transaction_share_the_next_and_each_gets_its_own_outcomes()
    {
        var committer = NewCommitter();
        var first = committer.CommitAsync(Batch(Unit("a1")));
        var inFlight = await InFlightAsync();
        var second = Batch(Unit("b1"), Unit("conflict-b2"), Unit("b3"));
        var third = Batch(Unit("c1", writes: 2));
        var waiting = new[] { committer.CommitAsync(second), committer.CommitAsync(third) };

        Finish(inFlight);
        Assert.Single(await first);
        Assert.All(waiting, outcomes => Assert.False(outcomes.IsCompleted));
        await FinishTransactionAsync();

        Assert.Equal(2, _transactions.Count);
        Assert.Equal([.. second, .. third], _transactions[1]);
        var secondOutcomes = await waiting[0];
        Assert.Equal(3, secondOutcomes.Count);
        Assert.Null(secondOutcomes[0].Error);
        Assert.Equal("conflict-b2", Assert.IsType<VersionConflictException>(secondOutcomes[1].Error).Message);
        Assert.Null(secondOutcomes[2].Error);
        Assert.Null(Assert.Single(await waiting[1]).Error);
    }

    [Fact]
    public async Task A_transaction_is_bounded_in_writes_and_in_bytes_and_a_larger_batch_goes_alone()
    {
        var committer = NewCommitter(maxWrites: 4, maxBytes: 100);
        IReadOnlyList<IReadOnlyList<PreparedWrite>>[] batches =
        [
            Batch(Unit("p0")),
            Batch(Unit("p1", writes: 2), Unit("p1")), Batch(Unit("p2")),
            Batch(Unit("p3", writes: 2)),
            Batch(Unit("p4", writes: 9)),
            Batch(Unit("p5", bytes: 60)), Batch(Unit("p6", bytes: 30)),
            Batch(Unit("p7", bytes: 20)),
        ];
        var answers = new List<Task<IReadOnlyList<UnitOutcome>>> { committer.CommitAsync(batches[0]) };
        var inFlight = await InFlightAsync();
        answers.AddRange(batches.Skip(1).Select(batch => committer.CommitAsync(batch)));
        Finish(inFlight);

        for (var transaction = 1; transaction < 6; transaction++)
        {
            await FinishTransactionAsync();
        }

        await Task.WhenAll(answers);
        Assert.Equal(
            [[.. batches[0]], [.. batches[1], .. batches[2]], [.. batches[3]], [.. batches[4]], [.. batches[5], .. batches[6]], [.. batches[7]]],
            _transactions);
    }

    [Fact]
    public async Task A_failed_transaction_fails_every_partition_in_it_and_the_next_transaction_still_commits()
    {
        var committer = NewCommitter();
        var first = committer.CommitAsync(Batch(Unit("a")));
        var inFlight = await InFlightAsync();
        var failing = new[] { committer.CommitAsync(Batch(Unit("b"))), committer.CommitAsync(Batch(Unit("c"), Unit("c"))) };
        Finish(inFlight);
        await first;

        await FinishTransactionAsync(new StorageFailureException("the connection was killed"));

        foreach (var outcomes in failing)
        {
            await Assert.ThrowsAsync<StorageFailureException>(() => outcomes);
        }

        var later = committer.CommitAsync(Batch(Unit("d")));
        await FinishTransactionAsync();
        Assert.Null(Assert.Single(await later).Error);
        Assert.Equal(3, _transactions.Count);
    }
}
