using System.Security.Cryptography;
using Npgsql;
using ObjectStore.Testing;

namespace ObjectStore.Bench;

/// <summary>
/// The two fresh databases of a run, on one server so that the store and the baseline share its hardware:
/// one for the store, one for the baseline. On a server the user named they are dropped at the end; a throwaway
/// server goes away with its databases when the process exits.
/// </summary>
public sealed class BenchDatabases : IAsyncDisposable
{
    private readonly string? _maintenance;

    private BenchDatabases(string store, string baseline, ServerDescription server, string? maintenance)
    {
        Store = store;
        Baseline = baseline;
        Server = server;
        _maintenance = maintenance;
    }

    public string Store { get; }

    public string Baseline { get; }

    /// <summary>Which server, and how it commits, as it reports it.</summary>
    public ServerDescription Server { get; }

    /// <summary>
    /// Databases on <paramref name="connection"/>'s server, or on a new throwaway server that commits as
    /// <paramref name="durability"/> says and, with <paramref name="trackStatements"/>, loads pg_stat_statements.
    /// </summary>
    public static async Task<BenchDatabases> CreateAsync(string? connection, PostgresDurability durability, bool trackStatements)
    {
        if (connection is null)
        {
            var server = await PostgresServer.StartAsync(durability, trackStatements);
            var store = await server.CreateDatabaseAsync();
            var baseline = await server.CreateDatabaseAsync();
            return new BenchDatabases(store, baseline, await ServerDescription.ReadAsync(store, "throwaway server"), maintenance: null);
        }

        var maintenance = WithDatabase(connection, "postgres");
        var suffix = RandomNumberGenerator.GetHexString(8, lowercase: true);
        var storeName = $"objectstore_bench_{suffix}";
        var baselineName = $"objectstore_baseline_{suffix}";
        await ExecuteAsync(maintenance, $"CREATE DATABASE {storeName}");
        await ExecuteAsync(maintenance, $"CREATE DATABASE {baselineName}");
        var storeConnection = WithDatabase(connection, storeName);
        return new BenchDatabases(storeConnection, WithDatabase(connection, baselineName),
            await ServerDescription.ReadAsync(storeConnection, $"databases {storeName}, {baselineName}, dropped at the end"), maintenance);
    }

    public async ValueTask DisposeAsync()
    {
        if (_maintenance is null)
        {
            return;
        }

        // Pooled connections of the silo and the baseline would otherwise keep the databases in use.
        NpgsqlConnection.ClearAllPools();
        foreach (var database in new[] { Store, Baseline })
        {
            var name = new NpgsqlConnectionStringBuilder(database).Database;
            await ExecuteAsync(_maintenance, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private static string WithDatabase(string connection, string database) =>
        new NpgsqlConnectionStringBuilder(connection) { Database = database }.ConnectionString;

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
