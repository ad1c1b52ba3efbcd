using System.Collections.Concurrent;
using Npgsql;
using ObjectStore.Client;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Sequences;

/// <summary>
/// The firehose: a reader that follows its cursor while eight committers write sees every commit exactly once, also when
/// a transaction that took its place early commits late; administrators only. Its own cluster: it reads the whole store,
/// and needs an administrator configured.
/// </summary>
public abstract class FirehoseTests(ClusterFixture fixture) : SequenceTestBase(fixture)
{
    public const long Administrator = 4242;

    public static readonly IReadOnlyDictionary<string, string> AdministratorSettings = new Dictionary<string, string>
    {
        ["ObjectStore:Administrators:UserIds:0"] = "4242",
    };

    [Fact]
    public async Task A_reader_following_the_cursor_sees_every_commit_of_eight_concurrent_committers_exactly_once()
    {
        const int committers = 8;
        const int writesEach = 12;
        var partitions = await Task.WhenAll(Enumerable.Range(0, committers).Select(_ => NewPartitionAsync()));
        var pair = (await Task.WhenAll(NewPartitionAsync(), NewPartitionAsync())).OrderBy(partition => partition.PartitionHash).ToArray();
        var ours = partitions.Concat(pair).Select(partition => partition.PartitionHash).ToHashSet();
        var seen = new ConcurrentQueue<FirehoseEntry>();
        var expected = -1;
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var entry in Client.FollowFirehoseAsync(Administrator, idleInterval: TimeSpan.FromMilliseconds(20), cancellationToken: stop.Token))
                {
                    if (ours.Contains(entry.PartitionHash))
                    {
                        seen.Enqueue(entry);
                    }

                    if (Volatile.Read(ref expected) is > 0 and var count && seen.Count >= count)
                    {
                        caughtUp.TrySetResult();
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        });

        // On PostgreSQL a transaction across the pair takes the first partition's lock (and with it a transaction id) and
        // waits for the second's, held by the test, while the committers commit: it commits last with the lowest id.
        var held = Store.Provider == StorageProvider.PostgreSql ? await PartitionLock.TakeAsync(Store, pair[1].PartitionHash) : null;
        var late = Client.StoreTransactionAsync(Owner, [Draft(pair[0], "late").ToJson(), Draft(pair[1], "late").ToJson()]);
        if (held is not null)
        {
            await held.WaitUntilWaitedForAsync();
        }

        var stillToHalfway = committers;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = partitions.Select((partition, index) => Task.Run(async () =>
        {
            var random = new Random(index);
            for (var write = 0; write < writesEach; write++)
            {
                if (random.Next(3) == 0)
                {
                    await Client.StoreTransactionAsync(Owner, [Draft(partition, $"w{write}a").ToJson(), Draft(partition, $"w{write}b").ToJson()]);
                }
                else
                {
                    await CreateAsync(partition, $"w{write}");
                }

                if (write == writesEach / 2 && Interlocked.Decrement(ref stillToHalfway) == 0)
                {
                    halfway.TrySetResult();
                }
            }
        })).ToList();
        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(120));
        if (held is not null)
        {
            await held.DisposeAsync();
        }

        await Task.WhenAll(writers);
        await late;

        var logs = new List<(Hash Partition, long Sequence)>();
        foreach (var partition in ours)
        {
            await foreach (var entry in Client.ReadLogAsync(Owner, partition))
            {
                logs.Add((partition, entry.Sequence));
            }
        }

        Volatile.Write(ref expected, logs.Count);
        if (seen.Count >= logs.Count)
        {
            caughtUp.TrySetResult();
        }

        await caughtUp.Task.WaitAsync(TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        await reader;

        var read = seen.ToList();
        var keys = read.Select(entry => (entry.PartitionHash, entry.Entry.Sequence)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(logs.ToHashSet(), keys.ToHashSet());
        foreach (var partition in read.GroupBy(entry => entry.PartitionHash))
        {
            Assert.Equal(partition.Select(entry => entry.Entry.Sequence).Order(), partition.Select(entry => entry.Entry.Sequence));
        }

        var positions = read.Select(entry => entry.Position).ToList();
        Assert.Equal(positions.OrderBy(position => position.Transaction).ThenBy(position => position.Position), positions);
    }

    [Fact]
    public async Task Only_administrators_read_the_firehose_and_a_bad_cursor_is_refused()
    {
        var partition = await NewPartitionAsync();
        await CreateAsync(partition, "a");

        await Assert.ThrowsAsync<ForbiddenException>(() => Client.PageFirehoseAsync(Owner));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageFirehoseAsync(Administrator, new FirehoseQuery { After = "seven" }));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageFirehoseAsync(Administrator, new FirehoseQuery { Limit = 0 }));
        var page = await Client.PageFirehoseAsync(Administrator, new FirehoseQuery { Limit = 1 });
        var next = await Client.PageFirehoseAsync(Administrator, new FirehoseQuery { After = page.After });
        Assert.Single(page.Items);
        Assert.DoesNotContain(next.Items, entry => entry.Position == page.Items[0].Position);
    }
}

/// <summary>A cluster on SQLite with an administrator.</summary>
public sealed class SqliteFirehoseFixture() : ClusterFixture(StorageProvider.Sqlite, FirehoseTests.AdministratorSettings);

/// <summary>A cluster on PostgreSQL with an administrator.</summary>
public sealed class PostgresFirehoseFixture() : ClusterFixture(StorageProvider.PostgreSql, FirehoseTests.AdministratorSettings);

[Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteFirehoseTests(SqliteFirehoseFixture fixture) : FirehoseTests(fixture), IClassFixture<SqliteFirehoseFixture>;

[Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresFirehoseTests(PostgresFirehoseFixture fixture) : FirehoseTests(fixture), IClassFixture<PostgresFirehoseFixture>;
