using Microsoft.Extensions.Logging.Abstractions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Hosting;

[Kind(TestKind.Unit)]
public sealed class MigrationTests
{
    private static async Task<long> CountAsync(StorageDialect dialect, string sql)
    {
        await using var connection = await dialect.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    // A fact per backend rather than a theory over both: xunit v2 gives a theory's rows one set of traits.
    [Fact, Backend(StorageProvider.Sqlite)]
    public Task Migrations_apply_once_even_when_silos_start_together_on_sqlite() => MigrationsApplyOnceAsync(StorageProvider.Sqlite);

    [Fact, Backend(StorageProvider.PostgreSql)]
    public Task Migrations_apply_once_even_when_silos_start_together_on_postgresql() => MigrationsApplyOnceAsync(StorageProvider.PostgreSql);

    /// <summary>The scripts embedded for a backend, counted from the assembly so that a new migration needs no edit here.</summary>
    private static int EmbeddedScripts(StorageDialect dialect) =>
        typeof(SchemaMigrator).Assembly.GetManifestResourceNames()
            .Count(name => name.Contains($".Storage.Scripts.{dialect.ScriptFolder}.", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal));

    private static async Task MigrationsApplyOnceAsync(StorageProvider provider)
    {
        await using var dialect = StorageDialect.Create(provider, await StoreCluster.NewDatabaseAsync(provider));
        var scripts = EmbeddedScripts(dialect);
        var migrators = Enumerable.Range(0, 3).Select(_ => new SchemaMigrator(dialect, NullLogger<SchemaMigrator>.Instance)).ToList();

        await Task.WhenAll(migrators.Select(migrator => migrator.MigrateAsync(CancellationToken.None)));
        await migrators[0].MigrateAsync(CancellationToken.None);

        Assert.InRange(scripts, 1, int.MaxValue);
        Assert.Equal(scripts, await CountAsync(dialect, "SELECT COUNT(*) FROM os_schema_migrations"));
        Assert.Equal(scripts, await CountAsync(dialect, "SELECT MAX(version) FROM os_schema_migrations")); // Numbered 1 to N, none skipped.
        Assert.Equal(0, await CountAsync(dialect, "SELECT COUNT(*) FROM os_objects"));
        Assert.Equal(0, await CountAsync(dialect, "SELECT COUNT(*) FROM OrleansStorage"));
    }

    [Fact, Backend(StorageProvider.PostgreSql)]
    public async Task The_postgresql_clustering_script_has_the_query_that_older_scripts_missed()
    {
        await using var dialect = StorageDialect.Create(StorageProvider.PostgreSql, await StoreCluster.NewDatabaseAsync(StorageProvider.PostgreSql));
        await new SchemaMigrator(dialect, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        Assert.Equal(1, await CountAsync(dialect, "SELECT COUNT(*) FROM OrleansQuery WHERE QueryKey = 'CleanupDefunctSiloEntriesKey'"));
        Assert.Equal(1, await CountAsync(dialect, "SELECT COUNT(*) FROM OrleansQuery WHERE QueryKey = 'UpsertReminderRowKey'"));
    }
}
