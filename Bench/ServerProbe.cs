using Npgsql;

namespace ObjectStore.Bench;

/// <summary>
/// Reads the store database's counters from the server: transactions committed (<c>pg_stat_database</c>) and the
/// statements run (<c>pg_stat_statements</c>, where the server loads it; a throwaway server does under --diagnose).
/// </summary>
public sealed class ServerProbe : IAsyncDisposable
{
    /// <summary>
    /// The probe's own transactions between a settled read and the next: that read itself, the statements' reset and
    /// their read. They are taken out of the workload's commits.
    /// </summary>
    public const int OwnTransactions = 3;

    // PostgreSQL 15 publishes a backend's transaction counts at most once a second, and an idle backend's within 10 s
    // (PGSTAT_IDLE_INTERVAL): read sooner, the counts would miss the workload's last commits.
    private static readonly TimeSpan PublishDelay = TimeSpan.FromSeconds(11);

    private readonly NpgsqlDataSource _dataSource;

    private ServerProbe(NpgsqlDataSource dataSource, bool tracksStatements)
    {
        _dataSource = dataSource;
        TracksStatements = tracksStatements;
    }

    public bool TracksStatements { get; }

    /// <param name="storeConnection">The store's database: pg_stat_statements is created there, which goes with it.</param>
    public static async Task<ServerProbe> OpenAsync(string storeConnection, CancellationToken cancellationToken = default)
    {
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(storeConnection) { ApplicationName = "objectstore-bench-probe" }.ConnectionString);
        try
        {
            await using var create = dataSource.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT count(*) FROM pg_stat_statements");
            await create.ExecuteScalarAsync(cancellationToken);
            return new ServerProbe(dataSource, tracksStatements: true);
        }
        catch (PostgresException e)
        {
            // Not installed, not preloaded, or not ours to create: the commits still say a lot.
            Console.Error.WriteLine($"--diagnose: no pg_stat_statements on this server ({e.MessageText}); statements are left out.");
            return new ServerProbe(dataSource, tracksStatements: false);
        }
    }

    /// <summary>The store database's committed transactions, once the server has published every backend's counts.</summary>
    public async Task<long> SettledCommitsAsync(CancellationToken cancellationToken = default)
    {
        await Task.Delay(PublishDelay, cancellationToken);
        await using var read = _dataSource.CreateCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        return (long)(await read.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Forgets the statements counted so far in the store database (other databases keep theirs).</summary>
    public async Task ResetStatementsAsync(CancellationToken cancellationToken = default)
    {
        if (TracksStatements)
        {
            await using var reset = _dataSource.CreateCommand(
                "SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)");
            await reset.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The statements counted in the store database since the reset, the probe's own left out; null without pg_stat_statements.</summary>
    public async Task<IReadOnlyList<StatementCost>?> StatementsAsync(CancellationToken cancellationToken = default)
    {
        if (!TracksStatements)
        {
            return null;
        }

        await using var read = _dataSource.CreateCommand("""
            SELECT query, calls, total_exec_time, mean_exec_time FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'
            """);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var statements = new List<StatementCost>();
        while (await reader.ReadAsync(cancellationToken))
        {
            statements.Add(StatementCost.Of(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3)));
        }

        return statements;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
