using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ObjectStore.Bench;

/// <summary>
/// The same work with nothing but Npgsql: a table shaped like the store's write, one INSERT per transaction, then
/// SELECT by primary key. It is the floor that the store's figures are compared with, on the same server.
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

    public static async Task<WorkloadResult> RunAsync(string connectionString, BenchOptions options)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var schema = dataSource.CreateCommand(Schema))
        {
            await schema.ExecuteNonQueryAsync();
        }

        var partitions = Enumerable.Range(0, options.Partitions)
            .Select(i => SHA256.HashData(Encoding.UTF8.GetBytes($"bench-{i}")))
            .ToArray();

        async Task<byte[]> InsertAsync(int worker, string sortKey)
        {
            // The store hashes what it stores; so does the baseline, to leave only the store's own overhead in the ratio.
            var body = Encoding.UTF8.GetBytes(Payloads.NewBase64(options.PayloadBytes));
            var hash = SHA256.HashData(body);
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand(Insert, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = hash });
            insert.Parameters.Add(new NpgsqlParameter { Value = partitions[worker % partitions.Length] });
            insert.Parameters.Add(new NpgsqlParameter { Value = sortKey });
            insert.Parameters.Add(new NpgsqlParameter { Value = body });
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return hash;
        }

        await Phase.WarmUpAsync(options.Warmup, options.Writers, (worker, index) => InsertAsync(worker, $"warmup-{index:D9}"));
        var created = new byte[options.Creates][];
        var creates = await Phase.RunAsync(options.Creates, options.Writers, async (worker, index) =>
            created[index] = await InsertAsync(worker, $"object-{index:D9}"));

        async Task ReadAsync()
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

        await Phase.WarmUpAsync(options.Warmup, options.Writers, (_, _) => ReadAsync());
        var reads = await Phase.RunAsync(options.Reads, options.Writers, (_, _) => ReadAsync());
        var feed = await BaselineFeedWorkload.RunAsync(dataSource, options);
        var (puts, gets) = await RunCondensationAsync(dataSource, options);
        return new WorkloadResult(creates, reads, feed, puts, gets);
    }

    /// <summary>Condensation objects as the store keeps them: a row by hash, written in a transaction, read by hash.</summary>
    private static async Task<(PhaseResult Puts, PhaseResult Gets)> RunCondensationAsync(NpgsqlDataSource dataSource, BenchOptions options)
    {
        await using (var schema = dataSource.CreateCommand("CREATE TABLE bench_cds_objects (hash BYTEA PRIMARY KEY, bytes BYTEA NOT NULL)"))
        {
            await schema.ExecuteNonQueryAsync();
        }

        var objects = new byte[options.Creates][];
        async Task PutAsync(int index, bool keep)
        {
            var bytes = Payloads.NewCondensationObject(options.PayloadBytes);
            var hash = SHA256.HashData(bytes);
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO bench_cds_objects (hash, bytes) VALUES ($1, $2) ON CONFLICT DO NOTHING", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = hash });
            insert.Parameters.Add(new NpgsqlParameter { Value = bytes });
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            if (keep)
            {
                objects[index] = hash;
            }
        }

        async Task GetAsync()
        {
            await using var select = dataSource.CreateCommand("SELECT bytes FROM bench_cds_objects WHERE hash = $1");
            select.Parameters.Add(new NpgsqlParameter { Value = objects[Random.Shared.Next(objects.Length)] });
            _ = await select.ExecuteScalarAsync() ?? throw new InvalidOperationException("An object the baseline put is missing.");
        }

        await Phase.WarmUpAsync(options.Warmup, options.Writers, (_, index) => PutAsync(index, keep: false));
        var puts = await Phase.RunAsync(options.Creates, options.Writers, (_, index) => PutAsync(index, keep: true));
        await Phase.WarmUpAsync(options.Warmup, options.Writers, (_, _) => GetAsync());
        var gets = await Phase.RunAsync(options.Reads, options.Writers, (_, _) => GetAsync());
        return (puts, gets);
    }
}
