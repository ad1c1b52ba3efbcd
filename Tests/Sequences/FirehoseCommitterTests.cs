using System.Data.Common;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using ObjectStore.Objects;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Sequences;

/// <summary>
/// The firehose's gap under concurrent transactions, in the database itself: eight committers, each on its own connection,
/// write the way the store writes (partition lock, versions, log entries, next sequence) and hold each transaction open
/// for a random number of the reader's pages before committing, so pages are read while transactions that took earlier
/// positions are still in flight. A reader following its cursor sees every commit exactly once, in firehose order.
/// The holds are counted in reader pages, not time: the interleaving is the seeds', and nothing sleeps.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class FirehoseCommitterTests
{
    private const int Committers = 8;
    private const int TransactionsEach = 10;
    private const int PageSize = 7;

    // A fact per backend rather than a theory over both: xunit v2 gives a theory's rows one set of traits.
    [Fact, Backend(StorageProvider.Sqlite)]
    public Task A_reader_following_the_cursor_sees_each_commit_of_eight_held_transactions_once_on_sqlite() => FollowAsync(StorageProvider.Sqlite);

    [Fact, Backend(StorageProvider.PostgreSql)]
    public Task A_reader_following_the_cursor_sees_each_commit_of_eight_held_transactions_once_on_postgresql() => FollowAsync(StorageProvider.PostgreSql);

    private static async Task FollowAsync(StorageProvider provider)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var dialect = StorageDialect.Create(provider, await StoreCluster.NewDatabaseAsync(provider));
        await new SchemaMigrator(dialect, NullLogger<SchemaMigrator>.Instance).MigrateAsync(deadline.Token);
        await using (var connection = await dialect.DataSource.OpenConnectionAsync(deadline.Token))
        {
            foreach (var index in Enumerable.Range(0, Committers))
            {
                await connection.ExecuteAsync(null, "INSERT INTO os_partitions VALUES (@p, @n, 1, @p, 1)", deadline.Token, ("@p", PartitionOf(index)), ("@n", $"p{index}"));
            }
        }

        var flight = new Flight();
        var firstHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var committersDone = new CancellationTokenSource();
        var reader = ReadAsync(new RelationalSequenceStorage(dialect), flight, committersDone.Token, deadline.Token);

        // The first committer's first transaction takes its position before any other's and commits only after a later
        // one has: a late transaction, for certain, on PostgreSQL (SQLite's single writer makes one impossible).
        var committers = Enumerable.Range(0, Committers).Select(index => Task.Run(async () =>
        {
            if (index > 0)
            {
                await firstHeld.Task.WaitAsync(deadline.Token);
            }

            return await CommitAsync(dialect, index, flight, firstHeld, deadline.Token);
        })).ToList();
        var committed = (await Task.WhenAll(committers)).SelectMany(rows => rows).ToList();
        await committersDone.CancelAsync();
        var (read, pagesInFlight, pagesWhileLate) = await reader;

        var keys = read.Select(entry => (entry.PartitionHash, entry.Entry.Sequence)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(committed.ToHashSet(), keys.ToHashSet());
        var positions = read.Select(entry => (entry.Position.Transaction, entry.Position.Position)).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.True(pagesInFlight > 0, "no page was read while a transaction was in flight");
        if (provider == StorageProvider.PostgreSql)
        {
            Assert.True(pagesWhileLate > 0, "no page was read while a transaction with an earlier position than a committed one was in flight");
        }
    }

    /// <summary>One committer's transactions on a connection of its own; returns the log entries it committed.</summary>
    private static async Task<List<(Hash, long)>> CommitAsync(StorageDialect dialect, int index, Flight flight, TaskCompletionSource firstHeld, CancellationToken cancellationToken)
    {
        var random = new Random(index);
        var partition = PartitionOf(index);
        var committed = new List<(Hash, long)>();
        await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
        var next = 1L;
        for (var transactionIndex = 0; transactionIndex < TransactionsEach; transactionIndex++)
        {
            // SQLite's BEGIN IMMEDIATE blocks its thread while another committer writes: on a thread of its own.
            await using var transaction = await Task.Factory.StartNew(() => connection.BeginTransaction(), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await connection.ExecuteAsync(transaction, dialect.LockPartitionsSql("@p"), cancellationToken, ("@p", partition));
            var positions = new List<long>();
            var entries = random.Next(1, 3);
            for (var entry = 0; entry < entries; entry++, next++)
            {
                var hash = TestHashes.Of($"{index}/{next}");
                await connection.ExecuteAsync(transaction,
                    """
                    INSERT INTO os_objects (absolute_hash, base_hash, partition_hash, sort_key, kind, sequence, body, created_key) VALUES (@h, @h, @p, @k, 0, @s, @body, @c);
                    INSERT INTO os_log (partition_hash, sequence, absolute_hash, base_hash, sort_key, kind, created_key, committed_at) VALUES (@p, @s, @h, @h, @k, 0, @c, 0);
                    """,
                    cancellationToken, ("@h", hash), ("@p", partition), ("@k", $"k{next}"), ("@s", next), ("@body", Encoding.UTF8.GetBytes("{}")),
                    ("@c", "2020-01-01T00:00:00.000000000Z"));
                positions.Add(await PositionAsync(connection, transaction, partition, next, cancellationToken));
                committed.Add((partition, next));
            }

            await connection.ExecuteAsync(transaction, "UPDATE os_partitions SET next_sequence = @n WHERE partition_hash = @p", cancellationToken, ("@n", next), ("@p", partition));
            flight.Begin(positions);
            if (index == 0 && transactionIndex == 0)
            {
                firstHeld.SetResult();
                if (dialect.Provider == StorageProvider.PostgreSql)
                {
                    await flight.WaitUntilCommittedAfterAsync(positions.Max(), cancellationToken);
                }
            }

            await flight.WaitForPagesAsync(random.Next(1, 4), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            flight.End(positions);
        }

        return committed;
    }

    /// <summary>
    /// Follows the cursor until the committers are done and every commit has been read; counts the pages read while a
    /// transaction was in flight, and while one was late (in flight with a position below a committed one).
    /// </summary>
    private static async Task<(List<FirehoseEntry> Read, int PagesInFlight, int PagesWhileLate)> ReadAsync(
        RelationalSequenceStorage storage, Flight flight, CancellationToken committersDone, CancellationToken cancellationToken)
    {
        var read = new List<FirehoseEntry>();
        var (pagesInFlight, pagesWhileLate) = (0, 0);
        FirehosePosition? cursor = null;
        while (!committersDone.IsCancellationRequested || read.Count < flight.Committed)
        {
            var (inFlight, late) = flight.State;
            var page = await storage.PageFirehoseAsync(cursor, PageSize, cancellationToken);
            (pagesInFlight, pagesWhileLate) = (pagesInFlight + (inFlight ? 1 : 0), pagesWhileLate + (late ? 1 : 0));
            read.AddRange(page);
            cursor = page.Count > 0 ? page[^1].Position : cursor;
            flight.PageRead();
            if (page.Count == 0)
            {
                // Caught up: ask again, as a follower does (the committers move on by pages read, not by time).
                await Task.Yield();
            }
        }

        return (read, pagesInFlight, pagesWhileLate);
    }

    private static async Task<long> PositionAsync(DbConnection connection, DbTransaction transaction, Hash partition, long sequence, CancellationToken cancellationToken) =>
        (await connection.QueryAsync(transaction, "SELECT position FROM os_log WHERE partition_hash = @p AND sequence = @s", reader => reader.GetInt64(0), cancellationToken,
            ("@p", partition), ("@s", sequence)))[0];

    private static Hash PartitionOf(int committer) => TestHashes.Of($"partition {committer}");

    /// <summary>What the committers and the reader share: positions in flight, the highest committed, the pages read.</summary>
    private sealed class Flight
    {
        private readonly Lock _lock = new();
        private readonly List<long> _inFlight = [];
        private long _maxCommitted;
        private int _committed;
        private long _pages;
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Committed
        {
            get
            {
                lock (_lock)
                {
                    return _committed;
                }
            }
        }

        public (bool InFlight, bool Late) State
        {
            get
            {
                lock (_lock)
                {
                    return (_inFlight.Count > 0, _inFlight.Any(position => position < _maxCommitted));
                }
            }
        }

        public void Begin(IEnumerable<long> positions) => Change(() => _inFlight.AddRange(positions));

        public void End(IReadOnlyCollection<long> positions) => Change(() =>
        {
            _inFlight.RemoveAll(positions.Contains);
            _maxCommitted = Math.Max(_maxCommitted, positions.Max());
            _committed += positions.Count;
        });

        public void PageRead() => Change(() => _pages++);

        public async Task WaitForPagesAsync(int pages, CancellationToken cancellationToken)
        {
            long target;
            lock (_lock)
            {
                target = _pages + pages;
            }

            await WaitAsync(() => _pages >= target, cancellationToken);
        }

        public Task WaitUntilCommittedAfterAsync(long position, CancellationToken cancellationToken) => WaitAsync(() => _maxCommitted > position, cancellationToken);

        private async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    if (condition())
                    {
                        return;
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(cancellationToken);
            }
        }

        private void Change(Action change)
        {
            TaskCompletionSource changed;
            lock (_lock)
            {
                change();
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.SetResult();
        }
    }
}
