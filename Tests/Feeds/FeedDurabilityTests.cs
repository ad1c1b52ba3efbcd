using System.Collections.Concurrent;
using ObjectStore.Client;
using ObjectStore.Errors;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Feeds;

/// <summary>Invariant 5: every committed write reaches the feed at least once, though a silo dies while it is written.</summary>
[Kind(TestKind.Cluster)]
public sealed class FeedDurabilityTests
{
    private const long Owner = 77;
    private const int Writes = 1200;
    private const int Partitions = 4;

    [Fact, Backend(StorageProvider.PostgreSql)]
    public async Task Every_write_is_delivered_at_least_once_when_a_silo_is_killed_mid_stream()
    {
        await using var store = await StoreCluster.StartAsync(StorageProvider.PostgreSql, silos: 3,
            settings: new Dictionary<string, string>
            {
                // Real time, so that what a dead silo's caller never received comes back after a short visibility timeout.
                [StoreCluster.SystemClockSetting] = "true",
                ["ObjectStore:Feeds:VisibilityTimeout"] = "00:00:03",
                ["ObjectStore:Feeds:CatchUpInterval"] = "00:00:01",
            });
        var client = store.Client;
        var partitions = await Task.WhenAll(Enumerable.Range(0, Partitions).Select(i => client.UpsertPartitionAsync(Owner, $"durable-{i}")));
        var feed = await client.UpsertFeedAsync(Owner, "survivor", [.. partitions.Select(partition => new PartitionSelection(partition.PartitionHash))]);
        var consumer = new DrainingConsumer(client, feed.FeedHash);
        var consuming = consumer.RunAsync();

        var next = -1;
        var committed = 0;
        Task? killing = null;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < Writes; i = Interlocked.Increment(ref next))
            {
                var partition = partitions[i % Partitions];
                await StoreUntilCommittedAsync(client, new ObjectDraft(partition.PartitionHash, $"k{i:D5}") { Owner = Owner, EncryptedPayload = "AAAA" }.ToJson(null));
                if (Interlocked.Increment(ref committed) == Writes / 4)
                {
                    killing = store.Cluster.KillSiloAsync(store.Cluster.SecondarySilos[0]);
                }
            }
        }));
        await killing!;

        var expected = new HashSet<string>();
        foreach (var partition in partitions)
        {
            string? after = null;
            do
            {
                var page = await client.PageLogAsync(Owner, partition.PartitionHash, new SequenceQuery { After = after });
                expected.UnionWith(page.Items.Select(entry => FeedMessageIds.Of(new MessageKey(partition.PartitionHash, entry.Sequence))));
                after = page.After;
            }
            while (after is not null);
        }

        consumer.Expect(expected);
        var received = await consuming;

        Assert.Equal(Writes, expected.Count);
        Assert.Empty(expected.Except(received.Keys));
        Assert.Empty(received.Keys.Except(expected));
        Assert.Equal((0, 0, 0, false), (await client.GetFeedStatusAsync(Owner, feed.FeedHash)).Counts());
    }

    [Fact, Backend(StorageProvider.Sqlite)]
    public async Task A_write_whose_notice_was_lost_and_that_nothing_follows_is_found_by_the_periodic_catch_up()
    {
        await using var store = await StoreCluster.StartAsync(StorageProvider.Sqlite,
            settings: new Dictionary<string, string> { ["ObjectStore:Feeds:CatchUpInterval"] = "00:00:00.2" });
        var partition = await store.Client.UpsertPartitionAsync(Owner, "quiet");
        var feed = await store.Client.UpsertFeedAsync(Owner, "patient", [new PartitionSelection(partition.PartitionHash)]);

        var unannounced = await FeedDeliveryTests.CommitWithoutNoticeAsync(store, Owner,
            new ObjectDraft(partition.PartitionHash, "lost-notice") { Owner = Owner }.ToJson(null));

        // On the silo's fake clock this long poll ends only when the message arrives.
        var delivered = await store.Client.FetchAsync(Owner, feed.FeedHash, new FeedRequest(10, 20));
        Assert.Equal([unannounced.AbsoluteHash], delivered.Select(message => message.Payload.AbsoluteHash));
        Assert.Null(delivered[0].CommittedAt); // Read from the log: no notice said when it committed.
    }

    /// <summary>Sends the same bytes again after a failure that may or may not have committed: the store answers "already stored".</summary>
    private static Task StoreUntilCommittedAsync(ObjectStoreClient client, string json) =>
        RetryAsync(async () =>
        {
            await client.StoreJsonAsync(Owner, json);
            return true;
        });

    /// <summary>
    /// Makes a call again while it fails because a silo died (not for a refusal of the store's own), until it succeeds
    /// or a minute has passed: the cluster takes a moment to see the death, and a call meanwhile fails at once.
    /// </summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when ((e is not ObjectStoreException || e is StorageFailureException) && DateTime.UtcNow < deadline)
            {
                // The cluster has not yet seen the death: call again.
            }
        }
    }

    /// <summary>
    /// Fetches and acknowledges from the start, through the silo's death, until every expected message came and the
    /// feed holds nothing, in flight or not. Calls that fail because a silo died are made again; so are
    /// acknowledgements, whose receipt handles stay valid unless the feed's grain died with them (then the messages
    /// come again), and a batch whose answer was lost with a silo comes back after the visibility timeout.
    /// </summary>
    private sealed class DrainingConsumer(ObjectStoreClient client, Hash feedHash)
    {
        private readonly TaskCompletionSource<HashSet<string>> _expected = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Expect(HashSet<string> messageIds) => _expected.SetResult(messageIds);

        public async Task<ConcurrentDictionary<string, int>> RunAsync()
        {
            var received = new ConcurrentDictionary<string, int>();
            for (var round = 0; round < 2000; round++)
            {
                var expected = _expected.Task.IsCompleted ? await _expected.Task : null;
                if (expected is not null && expected.IsSubsetOf(received.Keys)
                    && (await RetryAsync(() => client.GetFeedStatusAsync(Owner, feedHash))).Counts() == (0, 0, 0, false))
                {
                    return received;
                }

                var batch = await RetryAsync(() => client.FetchAsync(Owner, feedHash, new FeedRequest(10, WaitTimeSeconds: 2)));
                foreach (var message in batch)
                {
                    received.AddOrUpdate(message.MessageId, 1, (_, count) => count + 1);
                }

                var acknowledgement = new FeedAcknowledgement(Delete: [.. batch.Select(message => message.ReceiptHandle)]);
                await RetryAsync(async () =>
                {
                    await client.AcknowledgeAsync(Owner, feedHash, acknowledgement);
                    return true;
                });
            }

            throw new InvalidOperationException($"The feed did not drain: {received.Count} distinct messages received.");
        }
    }
}
