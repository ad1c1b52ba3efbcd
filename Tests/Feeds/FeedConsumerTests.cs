using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ObjectStore.Client;
using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>
/// The <see cref="FeedConsumer"/> on a real cluster. The consumer runs on the silo's fake clock: visibility timeouts,
/// extensions and retry delays pass only when a test advances it, and a long poll ends only when a message arrives or
/// the consumer cancels it. Tests wait for events (handlers started, log events), never for time.
/// </summary>
public abstract class FeedConsumerTests(ClusterFixture fixture) : FeedTestBase(fixture), IAsyncLifetime
{
    private const string Extended = "FeedVisibilityExtended";
    private const string Released = "FeedMessageReleased";

    // Only a bug reaches it: without it, a consumer that never delivers would hang the test run instead of failing it.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private readonly EventRecorder _events = new();
    private readonly List<FeedConsumer> _consumers = [];
    private readonly List<TaskCompletionSource> _gates = [];

    [Fact]
    public async Task Handlers_run_in_parallel_and_a_fetch_takes_no_more_messages_than_there_are_free_slots()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        var written = new[] { await CreateAsync(partition, "a"), await CreateAsync(partition, "b"), await CreateAsync(partition, "c") };
        var running = new ConcurrentBag<FeedMessage>();
        var bothRunning = Gate();
        var release = Gate();

        var consumer = await StartAsync(feed, async (message, _) =>
        {
            running.Add(message);
            if (running.Count == 2)
            {
                bothRunning.TrySetResult();
            }

            await release.Task;
        }, new FeedConsumerOptions { MaxConcurrency = 2 });

        // Neither handler can return before the other has started: they run at the same time or this never completes.
        await Settled(bothRunning.Task);
        var left = await FetchAsync(feed, waitSeconds: 20);

        var message = Assert.Single(left);
        Assert.Equal(written.Select(stored => stored.AbsoluteHash).Order(), PayloadHashes(running.Append(message)).Order());
        await AcknowledgeAsync(feed, left);
        release.SetResult();
        await Settled(consumer.StopAsync());
        await AssertStatusAsync(feed, pending: 0, inFlight: 0, deadLetters: 0);
    }

    [Fact]
    public async Task With_room_for_two_full_fetches_an_idle_consumer_keeps_two_long_polls_waiting_at_the_silo()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        var handled = Gate();
        var consumer = await StartAsync(feed, (_, _) =>
        {
            handled.TrySetResult();
            return Task.CompletedTask;
        }, new FeedConsumerOptions { MaxConcurrency = 2 * FeedRequest.MaxItemsLimit });

        // On the fake clock a long poll waits until a message comes: both are waiting at once, or this never holds.
        await Eventually.UntilAsync(() => Store.FetchWatcher.InProgress(feed.FeedHash) == 2, "two long polls of the idle consumer waiting");

        // One answers with the message; once it is handled that fetch goes out again beside the other.
        await CreateAsync(partition, "only");
        await Settled(handled.Task);
        await Eventually.UntilAsync(() => Store.FetchWatcher.InProgress(feed.FeedHash) == 2, "two long polls waiting again after the message");

        await Settled(consumer.StopAsync());
        await Eventually.UntilAsync(() => Store.FetchWatcher.InProgress(feed.FeedHash) == 0, "the stop cancelled both long polls");
        await AssertStatusAsync(feed, pending: 0, inFlight: 0, deadLetters: 0);
    }

    [Fact]
    public async Task Every_message_of_every_selected_partition_is_handled_once_and_acknowledged()
    {
        var first = await NewPartitionAsync();
        var second = await NewPartitionAsync();
        var feed = await NewFeedAsync(new PartitionSelection(first.PartitionHash), new PartitionSelection(second.PartitionHash));
        var written = new List<StoredObject>();
        for (var i = 0; i < 10; i++)
        {
            written.Add(await CreateAsync(i % 2 == 0 ? first : second, $"before-{i}"));
        }

        const int total = 30;
        var handled = new ConcurrentQueue<FeedMessage>();
        var allHandled = Gate();
        var consumer = await StartAsync(feed, (message, _) =>
        {
            handled.Enqueue(message);
            if (handled.Count == total)
            {
                allHandled.TrySetResult();
            }

            return Task.CompletedTask;
        });
        for (var i = 0; i < total - 10; i++)
        {
            written.Add(await CreateAsync(i % 2 == 0 ? first : second, $"after-{i}"));
        }

        await Settled(allHandled.Task);
        await Settled(consumer.StopAsync());

        Assert.Equal(written.Select(stored => stored.AbsoluteHash).Order(), PayloadHashes(handled).Order());
        Assert.All(handled, message => Assert.Equal(1, message.Attempt));
        await AssertStatusAsync(feed, pending: 0, inFlight: 0, deadLetters: 0);
        Assert.True(consumer.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_slow_handler_keeps_its_message_invisible_past_the_visibility_timeout_until_it_returns()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        var written = await CreateAsync(partition, "slow");
        var deliveries = new ConcurrentQueue<FeedMessage>();
        var started = Gate();
        var release = Gate();
        var consumer = await StartAsync(feed, async (message, _) =>
        {
            deliveries.Enqueue(message);
            started.TrySetResult();
            await release.Task;
        }, new FeedConsumerOptions { VisibilityTimeout = SiloVisibilityTimeout });

        await Settled(started.Task);
        // A third of the timeout at a time, each extension landing before the next third passes: four thirds in all,
        // well past the timeout the silo gave the delivery.
        for (var extensions = 1; extensions <= 4; extensions++)
        {
            Store.Clock.Advance(SiloVisibilityTimeout / 3);
            await Settled(_events.WaitForAsync(Extended, extensions));
        }

        Assert.Empty(await FetchAsync(feed, user: Reader));
        await AssertStatusAsync(feed, pending: 1, inFlight: 1, deadLetters: 0);
        release.SetResult();
        await Settled(consumer.StopAsync());

        var delivery = Assert.Single(deliveries);
        Assert.Equal((written.AbsoluteHash, 1), (delivery.Payload.AbsoluteHash, delivery.Attempt));
        await AssertStatusAsync(feed, pending: 0, inFlight: 0, deadLetters: 0);
    }

    [Fact]
    public async Task A_message_whose_handler_fails_comes_back_and_is_handled_again()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        var written = await CreateAsync(partition, "flaky");
        var deliveries = new ConcurrentQueue<FeedMessage>();
        var succeeded = Gate();

        // The default concurrency leaves free slots, so the consumer is in a long poll when the failed message comes back.
        var consumer = await StartAsync(feed, (message, _) =>
        {
            deliveries.Enqueue(message);
            if (message.Attempt < 3)
            {
                throw new InvalidOperationException($"Attempt {message.Attempt} fails.");
            }

            succeeded.SetResult();
            return Task.CompletedTask;
        }, new FeedConsumerOptions { RetryDelay = TimeSpan.Zero });

        await Settled(succeeded.Task);
        await Settled(consumer.StopAsync());

        Assert.Equal([1, 2, 3], deliveries.Select(message => message.Attempt));
        Assert.Single(deliveries.Select(message => message.MessageId).Distinct());
        Assert.All(deliveries, message => Assert.Equal(written.AbsoluteHash, message.Payload.AbsoluteHash));
        await AssertStatusAsync(feed, pending: 0, inFlight: 0, deadLetters: 0);
    }

    [Fact]
    public async Task A_failed_message_stays_invisible_for_the_retry_delay_then_comes_back()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        var written = await CreateAsync(partition, "retry");
        var started = Gate();
        var fail = Gate();
        var retryDelay = TimeSpan.FromSeconds(5);

        // One slot: while the handler runs the consumer does not fetch, so once it is stopped nothing of it is left at the feed.
        var consumer = await StartAsync(feed, async (_, _) =>
        {
            started.SetResult();
            await fail.Task;
            throw new InvalidOperationException("The handler fails.");
        }, new FeedConsumerOptions { MaxConcurrency = 1, RetryDelay = retryDelay });
        await Settled(started.Task);
        var stopping = consumer.StopAsync();
        fail.SetResult();
        await Settled(stopping);

        Assert.Equal(1, _events.Count(Released));
        Assert.Empty(await FetchAsync(feed));
        Store.Clock.Advance(retryDelay);
        var again = Assert.Single(await FetchAsync(feed));
        Assert.Equal((written.AbsoluteHash, 2), (again.Payload.AbsoluteHash, again.Attempt));
        await AcknowledgeAsync(feed, [again]);
    }

    [Fact]
    public async Task A_message_whose_handler_always_fails_ends_in_the_dead_letters_after_the_last_attempt()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        var written = await CreateAsync(partition, "poison");
        var maxAttempts = Store.SiloService<IOptions<FeedOptions>>().Value.MaxAttempts;
        var attempts = new ConcurrentQueue<int>();
        var lastAttempt = Gate();
        var fail = Gate();

        var consumer = await StartAsync(feed, async (message, _) =>
        {
            attempts.Enqueue(message.Attempt);
            if (message.Attempt == maxAttempts)
            {
                lastAttempt.SetResult();
                await fail.Task;
            }

            throw new InvalidOperationException("Poison.");
        }, new FeedConsumerOptions { MaxConcurrency = 1, RetryDelay = TimeSpan.Zero });
        await Settled(lastAttempt.Task);
        var stopping = consumer.StopAsync();
        fail.SetResult();
        await Settled(stopping);

        Assert.Equal(Enumerable.Range(1, maxAttempts), attempts);
        await AssertStatusAsync(feed, pending: 0, inFlight: 0, deadLetters: 1);
        var dead = Assert.Single(await Client.ListDeadLettersAsync(Owner, feed.FeedHash));
        Assert.Equal((written.AbsoluteHash, maxAttempts), (dead.Payload?.AbsoluteHash, dead.Attempts));
    }

    [Fact]
    public async Task Stopping_an_idle_consumer_cancels_its_long_poll_and_sends_the_last_acknowledgement()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        await CreateAsync(partition, "only");
        var handled = Gate();
        var consumer = await StartAsync(feed, (_, _) =>
        {
            handled.SetResult();
            return Task.CompletedTask;
        });
        await Settled(handled.Task);

        // On the fake clock a long poll never ends by itself: returning at all means the stop cancelled it.
        await Settled(consumer.StopAsync());

        Assert.True(consumer.Completion.IsCompletedSuccessfully);
        await AssertStatusAsync(feed, pending: 0, inFlight: 0, deadLetters: 0);
    }

    [Fact]
    public async Task Stopping_waits_for_a_running_handler_then_acknowledges_its_message()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        await CreateAsync(partition, "in-progress");
        var started = Gate();
        var release = Gate();
        var handlerToken = CancellationToken.None;
        var consumer = await StartAsync(feed, async (_, cancellationToken) =>
        {
            handlerToken = cancellationToken;
            started.SetResult();
            await release.Task;
        });
        await Settled(started.Task);

        var stopping = consumer.StopAsync();
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await Settled(stopping);

        Assert.False(handlerToken.IsCancellationRequested);
        await AssertStatusAsync(feed, pending: 0, inFlight: 0, deadLetters: 0);
        await Assert.ThrowsAsync<InvalidOperationException>(() => consumer.StartAsync());
    }

    [Fact]
    public async Task A_stop_that_is_cancelled_cancels_the_handlers_and_stops_waiting()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        await CreateAsync(partition, "abandoned");
        var started = Gate();
        var consumer = await StartAsync(feed, async (_, cancellationToken) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }, new FeedConsumerOptions { RetryDelay = TimeSpan.Zero });
        await Settled(started.Task);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consumer.StopAsync(new CancellationToken(canceled: true)));

        // The cancelled handler threw, so its message was released for another consumer.
        await Settled(consumer.Completion);
        Assert.Equal(1, _events.Count(Released));
    }

    [Fact]
    public async Task A_feed_the_user_may_not_read_stops_the_consumer_with_the_refusal()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        var consumer = await StartAsync(feed, (_, _) => Task.CompletedTask, user: Stranger);

        await Assert.ThrowsAsync<ForbiddenException>(() => Settled(consumer.Completion));
        await Assert.ThrowsAsync<ForbiddenException>(() => consumer.StopAsync());
    }

    [Fact]
    public async Task A_deleted_feed_stops_the_consumer_with_not_found()
    {
        var partition = await NewPartitionAsync();
        var feed = await NewFeedAsync(partition);
        await Client.DeleteFeedAsync(Owner, feed.FeedHash);
        var consumer = await StartAsync(feed, (_, _) => Task.CompletedTask);

        await Assert.ThrowsAsync<NotFoundException>(() => Settled(consumer.Completion));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Opens every gate a failed test left shut, so that its consumers' handlers return and they can stop.</summary>
    public async Task DisposeAsync()
    {
        foreach (var gate in _gates)
        {
            gate.TrySetResult();
        }

        foreach (var consumer in _consumers)
        {
            await Settled(consumer.DisposeAsync().AsTask());
        }
    }

    private TimeSpan SiloVisibilityTimeout => Store.SiloService<IOptions<FeedOptions>>().Value.VisibilityTimeout;

    private async Task<FeedConsumer> StartAsync(Feed feed, Func<FeedMessage, CancellationToken, Task> handler, FeedConsumerOptions? options = null, long user = Owner)
    {
        options ??= new FeedConsumerOptions();
        options.TimeProvider = Store.Clock;
        var consumer = Client.CreateFeedConsumer(user, feed.FeedHash, handler, options, _events);
        _consumers.Add(consumer);
        await consumer.StartAsync();
        return consumer;
    }

    /// <summary>The feed's counts; not its backlog flag, which the silo's catch-up timer raises for a moment now and then.</summary>
    private async Task AssertStatusAsync(Feed feed, int pending, int inFlight, int deadLetters)
    {
        var status = await Client.GetFeedStatusAsync(Owner, feed.FeedHash);
        Assert.Equal((pending, inFlight, deadLetters), (status.Pending, status.InFlight, status.DeadLetters));
    }

    private TaskCompletionSource Gate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gates.Add(gate);
        return gate;
    }

    private static Task Settled(Task task) => task.WaitAsync(HangGuard);
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteFeedConsumerTests(SqliteClusterFixture fixture) : FeedConsumerTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresFeedConsumerTests(PostgresClusterFixture fixture) : FeedConsumerTests(fixture);
