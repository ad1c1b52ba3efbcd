using System.Diagnostics;
using Npgsql;
using ObjectStore.Client;
using ObjectStore.Feeds;
using ObjectStore.Objects;

namespace ObjectStore.Bench;

/// <summary>
/// A feed as an application consumes it: a <see cref="FeedConsumer"/> configured as the README advises for a busy feed
/// with quick handlers (slots for two full fetches, so that the next fetch is on its way while the last one's messages
/// are handled) and a handler that only notes each arrival, on a feed that selects partitions written at a steady rate; then the same on
/// a backlog written while nobody consumed. F1's latencies run from the commit time each write's log entry records
/// (taken in its transaction before the COMMIT, so they are an upper bound) to the consumer's receipt.
/// </summary>
public static class StoreFeedWorkload
{
    public const int InFlight = 2 * FeedRequest.MaxItemsLimit;

    private const string CommitTimes = "SELECT sort_key, committed_at FROM os_log WHERE sort_key LIKE $1";

    /// <param name="connectionString">The store's database, where the log records when each write committed.</param>
    public static async Task<FeedResult> RunAsync(ObjectStoreClient client, long userId, BenchOptions options, Diagnoser diagnoser, string connectionString)
    {
        var partitions = new Hash[options.FeedPartitions];
        for (var i = 0; i < partitions.Length; i++)
        {
            partitions[i] = (await client.UpsertPartitionAsync(userId, $"bench-feed-{i}")).PartitionHash;
        }

        var stages = new Dictionary<string, Deliveries>(StringComparer.Ordinal)
        {
            ["warmup"] = new(options.Warmup),
            ["steady"] = new(options.FeedMessages),
            ["backlog"] = new(options.FeedBacklog),
        };

        Task WriteAsync(string stage, int index)
        {
            var draft = new ObjectDraft(partitions[index % partitions.Length], FeedPhase.Key(stage, index))
            {
                Owner = userId,
                EncryptedPayload = Payloads.NewBase64(options.PayloadBytes),
            };
            stages[stage].Sent(index);
            return client.CreateAsync(userId, draft);
        }

        Task<Feed> NewFeedAsync(string name) =>
            client.UpsertFeedAsync(userId, name, [.. partitions.Select(partition => new PartitionSelection(partition))]);

        FeedConsumer Consume(Feed feed) => client.CreateFeedConsumer(userId, feed.FeedHash, (message, _) =>
        {
            var (stage, index) = FeedPhase.ParseKey(message.Payload.SortKey);
            stages[stage].Received(index, message.CommittedAt);
            return Task.CompletedTask;
        }, new FeedConsumerOptions { MaxConcurrency = InFlight });

        var steadyFeed = await NewFeedAsync("bench-feed-steady");
        await using (var consumer = Consume(steadyFeed))
        {
            await consumer.StartAsync();
            async Task DeliverAsync(string stage)
            {
                await FeedPhase.PaceAsync(stages[stage].Messages, options.FeedRate, index => WriteAsync(stage, index));
                await stages[stage].WaitForAllAsync();
            }

            await DeliverAsync("warmup");
            await diagnoser.MeasureAsync("F1", options.FeedMessages, () => DeliverAsync("steady"));

            await consumer.StopAsync();
        }

        // The backlog gets a feed of its own: a stop can leave a fetch running at the silo for a moment (its cancellation
        // may arrive first), and what that fetch took would come back only after a visibility timeout.
        await client.DeleteFeedAsync(userId, steadyFeed.FeedHash);
        var backlogFeed = await NewFeedAsync("bench-feed-backlog");
        var backlog = stages["backlog"];
        await Phase.RunAsync(backlog.Messages, options.Writers, (_, index) => WriteAsync("backlog", index));
        var drain = new Stopwatch();
        await diagnoser.MeasureAsync("F2", backlog.Messages, async () =>
        {
            drain.Start();
            await using (var consumer = Consume(backlogFeed))
            {
                await consumer.StartAsync();
                await backlog.WaitForAllAsync();
                await consumer.StopAsync();
            }

            drain.Stop();
        });
        await using var store = NpgsqlDataSource.Create(connectionString);
        var committed = await FeedPhase.CommitTimesAsync(store, CommitTimes, "steady", row => DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(1)));
        var (fromCommit, fromRecorded) = stages["steady"].FromCommits(committed);
        return new FeedResult(fromCommit, stages["steady"].Result(), fromRecorded, backlog.Messages, drain.Elapsed);
    }
}
