using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ObjectStore.Bench;

/// <summary>
/// The same work with nothing but Npgsql: a table shaped like the store's write, one INSERT per transaction, one
/// UPDATE of an existing row per transaction, then SELECT by primary key; then a feed's floor. It is what the store's
/// figures are compared with, on the same server, at the same concurrency.
/// </summary>
public static class BaselineWorkload
{
    private const string Schema = """
        CREATE TABLE bench_objects (
            absolute_hash BYTEA PRIMARY KEY,
            partition_hash BYTEA NOT NULL,
            sort_key TEXT COLLATE "C" NOT NULL,
            body BYTEA NOT NULL
        )
        """;

    private const string Insert = "INSERT INTO bench_objects (absolute_hash, partition_hash, sort_key, body) VALUES ($1, $2, $3, $4)";

    private const string Select = "SELECT body FROM bench_objects WHERE absolute_hash = $1";

    private const string Update = "UPDATE bench_objects SET body = $2 WHERE absolute_hash = $1";

    public static async Task<BaselineResults> RunAsync(string connectionString, BenchOptions options)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var schema = dataSource.CreateCommand(Schema))
        {
            await schema.ExecuteNonQueryAsync();
        }

        var partitions = Enumerable.Range(0, options.Partitions)
            .Select(i => SHA256.HashData(Encoding.UTF8.GetBytes($"bench-{i}")))
            .ToArray();

        async Task<byte[]> InsertAsync(int index, string sortKey)
        {
            // The store hashes what it stores; so does the baseline, to leave only the store's own overhead in the ratio.
            var body = NewBody(options);
            var hash = SHA256.HashData(body);
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand(Insert, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = hash });
            insert.Parameters.Add(new NpgsqlParameter { Value = partitions[index % partitions.Length] });
            insert.Parameters.Add(new NpgsqlParameter { Value = sortKey });
            insert.Parameters.Add(new NpgsqlParameter { Value = body });
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return hash;
        }

        await Phase.WarmUpAsync("baseline inserts", options.Warmup, options.Writers, (_, index) => InsertAsync(index, $"warmup-{index:D9}"));
        var created = new byte[options.Creates][];
        var inserts = await Phase.RunAsync(options.Creates, options.Writers, async (_, index) =>
            created[index] = await InsertAsync(index, $"object-{index:D9}"));

        async Task UpdateAsync()
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var update = new NpgsqlCommand(Update, connection, transaction);
            update.Parameters.Add(new NpgsqlParameter { Value = created[Random.Shared.Next(created.Length)] });
            update.Parameters.Add(new NpgsqlParameter { Value = NewBody(options) });
            await update.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        await Phase.WarmUpAsync("baseline updates", options.Warmup, options.Writers, (_, _) => UpdateAsync());
        var updates = await Phase.RunAsync(options.Updates, options.Writers, (_, _) => UpdateAsync());

        async Task SelectAsync()
        {
            await using var select = dataSource.CreateCommand(Select);
            select.Parameters.Add(new NpgsqlParameter { Value = created[Random.Shared.Next(created.Length)] });
            await using var reader = await select.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                throw new InvalidOperationException("A row the baseline inserted is missing.");
            }

            // Read the body, as the store returns it, rather than only finding the row.
            _ = await reader.GetFieldValueAsync<byte[]>(0);
        }

        await Phase.WarmUpAsync("baseline selects", options.Warmup, options.Writers, (_, _) => SelectAsync());
        var selects = await Phase.RunAsync(options.Reads, options.Writers, (_, _) => SelectAsync());
        var feed = await BaselineFeedWorkload.RunAsync(dataSource, options);
        return new BaselineResults(inserts, updates, selects, feed);
    }

    private static byte[] NewBody(BenchOptions options) => Encoding.UTF8.GetBytes(Payloads.NewBase64(options.PayloadBytes));
}
