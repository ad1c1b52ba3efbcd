using Microsoft.Data.Sqlite;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>
/// README's Backups, done as it says: a backup taken while the silo runs, restored into a new database, gives a new
/// cluster every object and the partition log as they were when the backup was taken, and nothing written after.
/// </summary>
[Kind(TestKind.Cluster)]
public sealed class BackupTests
{
    private const long Owner = 42;
    private const long Reader = 43;

    [Fact, Backend(StorageProvider.Sqlite)]
    public Task A_sqlite_backup_by_vacuum_into_taken_while_the_silo_runs_restores_every_object() =>
        ABackupRestoresEveryObjectAsync(StorageProvider.Sqlite, BackupSqliteAsync, RestoreSqliteAsync);

    [Fact, Backend(StorageProvider.PostgreSql)]
    public Task A_pg_dump_taken_while_the_silos_run_restored_with_pg_restore_into_a_new_database_restores_every_object() =>
        ABackupRestoresEveryObjectAsync(StorageProvider.PostgreSql, PostgresBackup.DumpAsync, RestorePostgresAsync);

    private static async Task ABackupRestoresEveryObjectAsync(
        StorageProvider provider, Func<string, string, CancellationToken, Task> backup, Func<string, CancellationToken, Task<string>> restore)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var folder = Directory.CreateTempSubdirectory("objectstore-backup-");
        try
        {
            await BackUpAndRestoreAsync(provider, Path.Combine(folder.FullName, "backup"), backup, restore, deadline.Token);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task BackUpAndRestoreAsync(StorageProvider provider, string backupFile,
        Func<string, string, CancellationToken, Task> backup, Func<string, CancellationToken, Task<string>> restore, CancellationToken cancellationToken)
    {
        Partition partition;
        StoredObject v1, v2, kept, deleted, afterBackup;
        await using (var live = await StoreCluster.StartAsync(provider))
        {
            partition = await live.Client.UpsertPartitionAsync(Owner, "backed-up", new UserPermissions(Reader, Permission.Read));
            v1 = await live.Client.CreateAsync(Owner, new(partition.PartitionHash, "first") { EncryptedPayload = "AAAA" });
            v2 = await live.Client.UpdateAsync(Owner, v1, new(partition.PartitionHash, "first moved") { EncryptedPayload = "BBBB" });
            kept = await live.Client.CreateAsync(Owner, new(partition.PartitionHash, "second") { EncryptedPayload = "CCCC" });
            deleted = await live.Client.DeleteAsync(Owner, await live.Client.CreateAsync(Owner, new(partition.PartitionHash, "gone")));

            await backup(live.ConnectionString, backupFile, cancellationToken);
            afterBackup = await live.Client.CreateAsync(Owner, new(partition.PartitionHash, "after the backup"));
        }

        await using var restored = await StoreCluster.StartAsync(provider, await restore(backupFile, cancellationToken));
        var client = restored.Client;

        Assert.Equal([new UserPermissions(Reader, Permission.Read)], (await client.ListPartitionUsersAsync(Owner, partition.PartitionHash)).Items);
        foreach (var version in new[] { v1, v2, kept })
        {
            Assert.Equal(version.Canonical, (await client.GetObjectAsync(Reader, version.AbsoluteHash)).Canonical);
        }

        Assert.Equal(v2.Canonical, (await client.GetCurrentAsync(Reader, v1.BaseHash)).Canonical);
        await Assert.ThrowsAsync<ObjectDeletedException>(() => client.GetCurrentAsync(Reader, deleted.BaseHash));
        Assert.Equal(["first moved", "second"], (await client.PageAsync(Reader, partition.PartitionHash)).Items.Select(stored => stored.SortKey).Order());
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await client.PageLogAsync(Reader, partition.PartitionHash)).Items.Select(entry => entry.Sequence));
        await Assert.ThrowsAsync<NotFoundException>(() => client.GetObjectAsync(Reader, afterBackup.AbsoluteHash));

        // The restored partition goes on from where the backup left it.
        Assert.Equal(6, (await client.CreateAsync(Owner, new(partition.PartitionHash, "after the restore"))).Sequence);
    }

    /// <summary>README: <c>VACUUM INTO</c> on the silo's database file, which reads one snapshot while the silo writes on.</summary>
    private static async Task BackupSqliteAsync(string connectionString, string backupFile, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $file";
        command.Parameters.AddWithValue("$file", backupFile);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>README: the backup file becomes <c>objectstore.db</c> of a data folder.</summary>
    private static Task<string> RestoreSqliteAsync(string backupFile, CancellationToken cancellationToken)
    {
        var database = Path.Combine(Directory.CreateTempSubdirectory("objectstore-restored-").FullName, "objectstore.db");
        File.Copy(backupFile, database);
        return Task.FromResult($"Data Source={database};Pooling=True;Foreign Keys=True");
    }

    /// <summary>README: <c>pg_restore --no-owner</c> into a new, empty database.</summary>
    private static async Task<string> RestorePostgresAsync(string backupFile, CancellationToken cancellationToken) =>
        await PostgresBackup.RestoreAsync(await PostgresServer.GetAsync(), backupFile, cancellationToken);
}
