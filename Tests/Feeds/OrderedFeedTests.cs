using System.Collections.Concurrent;
using ObjectStore.Client;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>
/// An ordered feed under competing consumers and failures: handlers that throw, and a delivery left to its visibility
/// timeout. Per partition, handlers see the messages in log order; the partitions still go to both consumers.
/// </summary>
public abstract class OrderedFeedTests(ClusterFixture fixture) : FeedTestBase(fixture), IAsyncLifetime
{
    private const int Partitions = 3;
    private const int WritesPerPartition = 8;
    private static readonly TimeSpan PastVisibilityTimeout = TimeSpan.FromSeconds(31);

    // Only a bug reaches it: without it, a consumer that never delivers would hang the test run instead of failing it.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private readonly List<FeedConsumer> _consumers = [];

    [Fact]
    public async Task Competing_consumers_hand_each_partition_s_messages_to_handlers_in_log_order_through_failures()
    {
        var partitions = new List<Partition>();
        for (var i = 0; i < Partitions; i++)
        {
            partitions.Add(await NewPartitionAsync());
        }

        var feed = await Client.UpsertFeedAsync(Owner, new UpsertFeedRequest(new PartitionId($"feed-{Guid.NewGuid():N}", Owner),
            [.. partitions.Select(partition => new PartitionSelection(partition.PartitionHash))], Ordered: true));
        Assert.True(feed.Ordered);
        for (var write = 0; write < WritesPerPartition; write++)
        {
            foreach (var partition in partitions)
            {
                await CreateAsync(partition, $"m-{write:D2}");
            }
        }

        // A consumer that takes the first partition's head and never answers: that partition waits for its timeout.
        var abandoned = Assert.Single(await FetchAsync(feed, maxItems: 1, waitSeconds: 20));
        var stuck = abandoned.Payload.PartitionHash;

        var seen = new ConcurrentDictionary<Hash, ConcurrentQueue<string>>();
        var handled = new ConcurrentDictionary<(Hash, string), bool>();
        var everyOtherHandled = Gate();
        var allHandled = Gate();
        Task Handle(FeedMessage message, CancellationToken cancellationToken)
        {
            var partition = message.Payload.PartitionHash;
            seen.GetOrAdd(partition, _ => new()).Enqueue(message.Payload.SortKey);
            if (message.Attempt == 1 && message.Payload.SortKey.EndsWith('1'))
            {
                throw new InvalidOperationException("The first attempt of every message ending in 1 fails.");
            }

            handled[(partition, message.Payload.SortKey)] = true;
            if (handled.Keys.Count(key => key.Item1 != stuck) == (Partitions - 1) * WritesPerPartition)
            {
                everyOtherHandled.TrySetResult();
            }

            if (handled.Count == Partitions * WritesPerPartition)
            {
                allHandled.TrySetResult();
            }

            return Task.CompletedTask;
        }

        await StartConsumerAsync(feed, Handle);
        await StartConsumerAsync(feed, Handle);
        await everyOtherHandled.Task.WaitAsync(HangGuard);
        Assert.False(seen.ContainsKey(stuck)); // Its head is in flight: nothing behind it went out.

        Store.Clock.Advance(PastVisibilityTimeout);
        await allHandled.Task.WaitAsync(HangGuard);
        foreach (var consumer in _consumers)
        {
            await consumer.StopAsync().WaitAsync(HangGuard);
        }

        var inLogOrder = Enumerable.Range(0, WritesPerPartition).Select(write => $"m-{write:D2}").ToList();
        foreach (var partition in partitions)
        {
            var order = seen[partition.PartitionHash].ToList();
            Assert.Equal(order.Order(StringComparer.Ordinal), order); // Retries come back before anything after them.
            Assert.Equal(inLogOrder, order.Distinct());
            Assert.True(order.Count > WritesPerPartition, "some handlers threw and saw their message again");
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var consumer in _consumers)
        {
            await consumer.DisposeAsync();
        }
    }

    private async Task StartConsumerAsync(Feed feed, Func<FeedMessage, CancellationToken, Task> handler)
    {
        var consumer = Client.CreateFeedConsumer(Owner, feed.FeedHash, handler,
            new FeedConsumerOptions { MaxConcurrency = 4, RetryDelay = TimeSpan.Zero, TimeProvider = Store.Clock });
        _consumers.Add(consumer);
        await consumer.StartAsync();
    }

    private static TaskCompletionSource Gate() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteOrderedFeedTests(SqliteClusterFixture fixture) : OrderedFeedTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresOrderedFeedTests(PostgresClusterFixture fixture) : OrderedFeedTests(fixture);
