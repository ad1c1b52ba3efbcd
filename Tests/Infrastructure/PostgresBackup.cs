using Npgsql;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>README's Backups on PostgreSQL, done as it says: <c>pg_dump --format=custom</c>, then <c>pg_restore --no-owner</c>.</summary>
public static class PostgresBackup
{
    /// <summary>A dump of the store's database, taken while its silos run.</summary>
    public static async Task DumpAsync(string connectionString, string backupFile, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        await ChildProcess.RunAsync("pg_dump", [.. Server(database), "--format=custom", $"--file={backupFile}", database.Database!], cancellationToken);
    }

    /// <summary>Restores the dump into a new, empty database of <paramref name="server"/>; returns its connection string.</summary>
    public static async Task<string> RestoreAsync(PostgresServer server, string backupFile, CancellationToken cancellationToken)
    {
        var connectionString = await server.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        await ChildProcess.RunAsync("pg_restore", [.. Server(database), "--no-owner", "--exit-on-error", $"--dbname={database.Database}", backupFile], cancellationToken);
        return connectionString;
    }

    private static string[] Server(NpgsqlConnectionStringBuilder database) =>
        [$"--host={database.Host}", $"--port={database.Port}", $"--username={database.Username}", "--no-password"];
}
