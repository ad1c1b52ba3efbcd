using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ObjectStore.Bench;

/// <summary>
/// The same work with nothing but Npgsql: a table shaped like the store's write, one INSERT per transaction, one
/// UPDATE of an existing row per transaction, then SELECT by primary key; then a feed's floor. It is what the store's
/// figures are compared with, on the same server, at the same concurrency. Its inserts run in rounds beside the store's
/// creates (<see cref="InsertRoundAsync"/>); the rest runs after the silo has stopped (<see cref="RunAsync"/>).
/// </summary>
public sealed class BaselineWorkload : IAsyncDisposable
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

    private readonly NpgsqlDataSource _dataSource;
    private readonly BenchOptions _options;
    private readonly byte[][] _partitions;
    private int _roundsRun;

    // The rows of the first insert round, which the updates and selects use, as the store's W3, R1 and R2 use W1's first round.
    private byte[][]? _created;

    private BaselineWorkload(NpgsqlDataSource dataSource, BenchOptions options)
    {
        _dataSource = dataSource;
        _options = options;
        _partitions = [.. Enumerable.Range(0, options.Partitions).Select(i => SHA256.HashData(Encoding.UTF8.GetBytes($"bench-{i}")))];
    }

    public static async Task<BaselineWorkload> CreateAsync(string connectionString, BenchOptions options)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await using var schema = dataSource.CreateCommand(Schema);
            await schema.ExecuteNonQueryAsync();
            return new BaselineWorkload(dataSource, options);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A round of <c>--creates</c> single-row INSERT transactions, the warm-up before the run's first round. W1's and W2's
    /// rounds insert alike, so the rounds are counted here across both.
    /// </summary>
    public async Task<PhaseResult> InsertRoundAsync()
    {
        var run = _roundsRun++;
        if (run == 0)
        {
            await Phase.WarmUpAsync("baseline inserts", _options.Warmup, _options.Writers, (_, index) => InsertAsync(index, $"warmup-{index:D9}"));
        }

        var created = new byte[_options.Creates][];
        var inserts = await Phase.RunAsync(_options.Creates, _options.Writers, async (_, index) =>
            created[index] = await InsertAsync(index, $"round-{run}-{index:D9}"));
        _created ??= created;
        return inserts;
    }

    /// <summary>The updates, selects and feeds, once the insert rounds have run.</summary>
    public async Task<BaselineResults> RunAsync()
    {
        var created = _created ?? throw new InvalidOperationException("The baseline's updates and selects need the rows of an insert round.");

        async Task UpdateAsync()
        {
            await using var connection = await _dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var update = new NpgsqlCommand(Update, connection, transaction);
            update.Parameters.Add(new NpgsqlParameter { Value = created[Random.Shared.Next(created.Length)] });
            update.Parameters.Add(new NpgsqlParameter { Value = NewBody() });
            await update.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        await Phase.WarmUpAsync("baseline updates", _options.Warmup, _options.Writers, (_, _) => UpdateAsync());
        var updates = await Phase.RunAsync(_options.Updates, _options.Writers, (_, _) => UpdateAsync());

        async Task SelectAsync()
        {
            await using var select = _dataSource.CreateCommand(Select);
            select.Parameters.Add(new NpgsqlParameter { Value = created[Random.Shared.Next(created.Length)] });
            await using var reader = await select.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                throw new InvalidOperationException("A row the baseline inserted is missing.");
            }

            // Read the body, as the store returns it, rather than only finding the row.
            _ = await reader.GetFieldValueAsync<byte[]>(0);
        }

        await Phase.WarmUpAsync("baseline selects", _options.Warmup, _options.Writers, (_, _) => SelectAsync());
        var selects = await Phase.RunAsync(_options.Reads, _options.Writers, (_, _) => SelectAsync());
        var feed = await BaselineFeedWorkload.RunAsync(_dataSource, _options);
        return new BaselineResults(updates, selects, feed);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<byte[]> InsertAsync(int index, string sortKey)
    {
        // The store hashes what it stores; so does the baseline, to leave only the store's own overhead in the ratio.
        var body = NewBody();
        var hash = SHA256.HashData(body);
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand(Insert, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = hash });
        insert.Parameters.Add(new NpgsqlParameter { Value = _partitions[index % _partitions.Length] });
        insert.Parameters.Add(new NpgsqlParameter { Value = sortKey });
        insert.Parameters.Add(new NpgsqlParameter { Value = body });
        await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return hash;
    }

    private byte[] NewBody() => Encoding.UTF8.GetBytes(Payloads.NewBase64(_options.PayloadBytes));
}
