using Npgsql;
using ObjectStore.Client;
using ObjectStore.Objects;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Sequences;

/// <summary>
/// README's Backups onto another PostgreSQL server, whose transaction counter is behind the one that wrote the store: a
/// firehose cursor read before the backup goes on, after the restore, to every new commit exactly once. Its own
/// clusters: the live one is backed up and stopped, the restored one runs on a server of the test's own.
/// </summary>
[Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class FirehoseRestoreTests
{
    private const long Owner = 42;

    [Fact]
    public async Task A_cursor_read_before_a_restore_onto_a_new_server_sees_every_commit_after_it_exactly_once()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var newServer = await PostgresServer.StartAsync(PostgresDurability.FsyncOff);
        var folder = Directory.CreateTempSubdirectory("objectstore-firehose-restore-");
        try
        {
            var backupFile = Path.Combine(folder.FullName, "backup");
            Hash partitionHash;
            string cursor;
            await using (var live = await StartAsync(null))
            {
                // A busy server's counter is far ahead of a fresh one's: make sure of it, with room for the restore's own transactions.
                await AdvanceTransactionsAsync(live.ConnectionString, await CurrentTransactionAsync(await newServer.CreateDatabaseAsync()) + 5_000, deadline.Token);
                var partition = await live.Client.UpsertPartitionAsync(Owner, "restored firehose");
                partitionHash = partition.PartitionHash;
                for (var write = 0; write < 3; write++)
                {
                    await live.Client.CreateAsync(Owner, new(partitionHash, $"before {write}"));
                }

                cursor = await CursorAfterAsync(live, partitionHash, 3, deadline.Token);
                await PostgresBackup.DumpAsync(live.ConnectionString, backupFile, deadline.Token);
            }

            var restoredDatabase = await PostgresBackup.RestoreAsync(newServer, backupFile, deadline.Token);
            Assert.True(await CurrentTransactionAsync(restoredDatabase) < await MaxStampAsync(restoredDatabase),
                "the new server's transaction counter is behind the restored log's stamps");

            await using var restored = await StartAsync(restoredDatabase);
            var written = new List<long>();
            for (var write = 0; write < 5; write++)
            {
                written.Add((await restored.Client.CreateAsync(Owner, new(partitionHash, $"after {write}"))).Sequence);
            }

            var seen = new List<long>();
            await foreach (var entry in restored.Client.FollowFirehoseAsync(FirehoseTests.Administrator, cursor, idleInterval: TimeSpan.FromMilliseconds(20),
                cancellationToken: deadline.Token))
            {
                seen.Add(entry.Entry.Sequence);
                if (seen.Count >= written.Count)
                {
                    break;
                }
            }

            Assert.Equal(written, seen);
            Assert.DoesNotContain((await restored.Client.PageFirehoseAsync(FirehoseTests.Administrator, new FirehoseQuery { After = cursor, Limit = 100 })).Items,
                entry => entry.Entry.Sequence <= 3);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Task<StoreCluster> StartAsync(string? connectionString) =>
        StoreCluster.StartAsync(StorageProvider.PostgreSql, connectionString, settings: FirehoseTests.AdministratorSettings);

    /// <summary>The firehose cursor just after the partition's log entry <paramref name="sequence"/>, once it is readable.</summary>
    private static async Task<string> CursorAfterAsync(StoreCluster store, Hash partitionHash, long sequence, CancellationToken cancellationToken)
    {
        await foreach (var entry in store.Client.FollowFirehoseAsync(FirehoseTests.Administrator, idleInterval: TimeSpan.FromMilliseconds(20),
            cancellationToken: cancellationToken))
        {
            if (entry.PartitionHash == partitionHash && entry.Entry.Sequence == sequence)
            {
                return entry.Position.ToCursor();
            }
        }

        throw new InvalidOperationException("The firehose ended.");
    }

    /// <summary>Ends transactions on the server of <paramref name="connectionString"/> until its counter passes <paramref name="target"/>.</summary>
    private static async Task AdvanceTransactionsAsync(string connectionString, long target, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT (pg_current_xact_id()::text)::bigint", connection);
        long current;
        do
        {
            // Each statement runs in a transaction of its own, which takes the next id.
            current = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        while (current <= target);
    }

    private static Task<long> CurrentTransactionAsync(string connectionString) => ScalarAsync(connectionString, "SELECT (pg_current_xact_id()::text)::bigint");

    private static Task<long> MaxStampAsync(string connectionString) => ScalarAsync(connectionString, "SELECT MAX(commit_xid) FROM os_log");

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
