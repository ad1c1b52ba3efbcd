using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ObjectStore.Bench;

/// <summary>
/// The feed's floor with nothing but Npgsql on the same server. Delivery at a steady rate: each write INSERTs its row
/// and calls pg_notify in one transaction, and a connection that LISTENs receives the notifications; latencies run from
/// the row's clock_timestamp() (taken at its INSERT, before the COMMIT, as the store's commit time is) to the receipt. LISTEN/NOTIFY
/// keeps nothing for a listener that is away, so the backlog is a queue table instead, drained ten rows at a time
/// (the most a feed fetch returns) by DELETE ... RETURNING on one connection.
/// </summary>
public static class BaselineFeedWorkload
{
    private const string Channel = "bench_feed";

    private const string Schema = """
        CREATE TABLE bench_feed_objects (
            absolute_hash BYTEA PRIMARY KEY,
            partition_hash BYTEA NOT NULL,
            sort_key TEXT COLLATE "C" NOT NULL,
            body BYTEA NOT NULL,
            committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
        );
        CREATE TABLE bench_queue (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            sort_key TEXT COLLATE "C" NOT NULL,
            body BYTEA NOT NULL
        )
        """;

    private const string Insert = "INSERT INTO bench_feed_objects (absolute_hash, partition_hash, sort_key, body) VALUES ($1, $2, $3, $4)";

    private const string CommitTimes = "SELECT sort_key, committed_at FROM bench_feed_objects WHERE sort_key LIKE $1";

    private const string Notify = $"SELECT pg_notify('{Channel}', $1)";

    /// <summary>The payload that ends the listener (no message key looks like it).</summary>
    private const string StopPayload = "stop";

    private const string Enqueue = "INSERT INTO bench_queue (sort_key, body) VALUES ($1, $2)";

    private const string Dequeue = """
        DELETE FROM bench_queue WHERE id IN (SELECT id FROM bench_queue ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED)
        RETURNING sort_key, body
        """;

    public static async Task<FeedResult> RunAsync(NpgsqlDataSource dataSource, BenchOptions options)
    {
        await using (var schema = dataSource.CreateCommand(Schema))
        {
            await schema.ExecuteNonQueryAsync();
        }

        var partitions = Enumerable.Range(0, options.FeedPartitions)
            .Select(i => SHA256.HashData(Encoding.UTF8.GetBytes($"bench-feed-{i}")))
            .ToArray();
        var stages = new Dictionary<string, Deliveries>(StringComparer.Ordinal)
        {
            ["warmup"] = new(options.Warmup),
            ["steady"] = new(options.FeedMessages),
        };

        async Task InsertAndNotifyAsync(Deliveries deliveries, string stage, int index)
        {
            var key = FeedPhase.Key(stage, index);
            var body = Encoding.UTF8.GetBytes(Payloads.NewBase64(options.PayloadBytes));
            deliveries.Sent(index);
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(Insert) { Parameters = { new() { Value = SHA256.HashData(body) }, new() { Value = partitions[index % partitions.Length] }, new() { Value = key }, new() { Value = body } } },
                    new NpgsqlBatchCommand(Notify) { Parameters = { new() { Value = key } } },
                },
            };
            await batch.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            deliveries.Committed(index);
        }

        await using (var listener = await dataSource.OpenConnectionAsync())
        {
            var stopped = false;
            listener.Notification += (_, notification) =>
            {
                if (notification.Payload == StopPayload)
                {
                    stopped = true;
                    return;
                }

                var (stage, index) = FeedPhase.ParseKey(notification.Payload);
                stages[stage].Received(index);
            };
            await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", listener))
            {
                await listen.ExecuteNonQueryAsync();
            }

            var listening = ListenAsync(listener, () => stopped);
            foreach (var stage in new[] { "warmup", "steady" })
            {
                await FeedPhase.PaceAsync(stages[stage].Messages, options.FeedRate, index => InsertAndNotifyAsync(stages[stage], stage, index));
                await stages[stage].WaitForAllAsync();
            }

            await using (var stop = dataSource.CreateCommand(Notify))
            {
                stop.Parameters.Add(new NpgsqlParameter { Value = StopPayload });
                await stop.ExecuteNonQueryAsync();
            }

            await listening;
        }

        var (drained, drainElapsed) = await DrainBacklogAsync(dataSource, options);
        var committed = await FeedPhase.CommitTimesAsync(dataSource, CommitTimes, "steady", row => row.GetFieldValue<DateTimeOffset>(1));
        var (fromCommit, fromRecorded) = stages["steady"].FromCommits(committed);
        return new FeedResult(fromCommit, stages["steady"].Result(), fromRecorded, drained, drainElapsed);
    }

    /// <summary>
    /// Notifications arrive while the connection waits; the event handler records them. The listener stops on a
    /// notification of its own rather than by cancelling its wait: a cancelled wait could leave the connection still
    /// waiting when it was disposed ("The connection is already in state 'Waiting'", seen once against a slow server).
    /// </summary>
    private static async Task ListenAsync(NpgsqlConnection listener, Func<bool> stopped)
    {
        while (!stopped())
        {
            await listener.WaitAsync();
        }
    }

    private static async Task<(int Drained, TimeSpan Elapsed)> DrainBacklogAsync(NpgsqlDataSource dataSource, BenchOptions options)
    {
        await Phase.RunAsync(options.FeedBacklog, options.Writers, async (_, index) =>
        {
            await using var enqueue = dataSource.CreateCommand(Enqueue);
            enqueue.Parameters.Add(new NpgsqlParameter { Value = FeedPhase.Key("backlog", index) });
            enqueue.Parameters.Add(new NpgsqlParameter { Value = Encoding.UTF8.GetBytes(Payloads.NewBase64(options.PayloadBytes)) });
            await enqueue.ExecuteNonQueryAsync();
        });

        var drained = 0;
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync();
        while (drained < options.FeedBacklog)
        {
            await using var dequeue = new NpgsqlCommand(Dequeue, connection);
            await using var reader = await dequeue.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                _ = await reader.GetFieldValueAsync<byte[]>(1);
                rows++;
            }

            if (rows == 0)
            {
                throw new InvalidOperationException($"The queue ran dry after {drained} of {options.FeedBacklog} rows.");
            }

            drained += rows;
        }

        clock.Stop();
        return (drained, clock.Elapsed);
    }
}
