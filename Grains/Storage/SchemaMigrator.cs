using System.Data.Common;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace ObjectStore.Storage;

/// <summary>
/// Applies the embedded, numbered scripts (<c>V001__name.sql</c>, ...) that the database has not seen yet, each in its
/// own transaction together with its row in <c>os_schema_migrations</c>, under a lock so that silos starting together
/// apply each script once. The Orleans tables (clustering, grain state, reminders) come with the store's own.
/// </summary>
public sealed partial class SchemaMigrator(StorageDialect dialect, ILogger<SchemaMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
        if (dialect.PrepareSql is { } prepare)
        {
            await connection.ExecuteAsync(null, prepare, cancellationToken);
        }

        await using (var bootstrap = await BeginLockedAsync(connection, cancellationToken))
        {
            await connection.ExecuteAsync(bootstrap,
                "CREATE TABLE IF NOT EXISTS os_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                cancellationToken);
            await bootstrap.CommitAsync(cancellationToken);
        }

        foreach (var script in Scripts())
        {
            await using var transaction = await BeginLockedAsync(connection, cancellationToken);

            var applied = await connection.QueryAsync(transaction, "SELECT version FROM os_schema_migrations WHERE version = @v",
                reader => reader.GetInt32(0), cancellationToken, ("@v", script.Version));
            if (applied.Count > 0)
            {
                continue;
            }

            await connection.ExecuteAsync(transaction, script.Sql, cancellationToken);
            await connection.ExecuteAsync(transaction, "INSERT INTO os_schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)",
                cancellationToken, ("@v", script.Version), ("@n", script.Name), ("@t", DateTimeOffset.UtcNow.ToString("O")));
            await transaction.CommitAsync(cancellationToken);
            LogApplied(script.Version, script.Name, dialect.Provider);
        }

        await FollowRestoreAsync(connection, cancellationToken);
    }

    /// <summary>Keeps the firehose's order after a restore onto another server (<see cref="StorageDialect.FirehoseFollowRestoreSql"/>).</summary>
    private async Task FollowRestoreAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (dialect.FirehoseFollowRestoreSql is not { } followRestore)
        {
            return;
        }

        await using var transaction = await BeginLockedAsync(connection, cancellationToken);
        var moved = (await connection.QueryAsync(transaction, followRestore, reader => reader.GetInt64(0), cancellationToken))[0];
        await transaction.CommitAsync(cancellationToken);
        if (moved > 0)
        {
            LogFirehoseMoved(moved);
        }
    }

    private async Task<DbTransaction> BeginLockedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (dialect.MigrationLockSql is { } migrationLock)
        {
            await connection.ExecuteAsync(transaction, migrationLock, cancellationToken);
        }

        return transaction;
    }

    private IEnumerable<Script> Scripts()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var marker = $".Storage.Scripts.{dialect.ScriptFolder}.V";
        return assembly.GetManifestResourceNames()
            .Select(name => (Name: name, At: name.IndexOf(marker, StringComparison.Ordinal)))
            .Where(resource => resource.At >= 0)
            .Select(resource => Load(assembly, resource.Name, resource.Name[(resource.At + marker.Length)..^".sql".Length]))
            .OrderBy(script => script.Version)
            .ToList();
    }

    private static Script Load(Assembly assembly, string resource, string versionAndName)
    {
        var separator = versionAndName.IndexOf("__", StringComparison.Ordinal);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Script(int.Parse(versionAndName[..separator]), versionAndName[(separator + 2)..], reader.ReadToEnd());
    }

    private sealed record Script(int Version, string Name, string Sql);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Version} ({Name}) on {Provider}.")]
    private partial void LogApplied(int version, string name, StorageProvider provider);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The database's firehose was written on a server with a later transaction counter (a restore onto another server): its transaction stamps move on by {Moved}, so cursors read before go on to every new commit.")]
    private partial void LogFirehoseMoved(long moved);
}
