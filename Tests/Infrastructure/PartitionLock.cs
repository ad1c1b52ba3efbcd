using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// A test's own transaction holding what the store's writers lock first: the partition's row on PostgreSQL, the
/// database's write lock on SQLite (<c>BEGIN IMMEDIATE</c>). While it is held, a partition's batch waits in the database
/// and the writes that arrive meanwhile queue, which makes the next batch's contents the test's choice.
/// </summary>
public sealed class PartitionLock : IAsyncDisposable
{
    private readonly StoreCluster _store;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private bool _committed;

    private PartitionLock(StoreCluster store, DbConnection connection, DbTransaction transaction) =>
        (_store, _connection, _transaction) = (store, connection, transaction);

    public static async Task<PartitionLock> TakeAsync(StoreCluster store, Hash partitionHash)
    {
        DbConnection connection = store.Provider == StorageProvider.PostgreSql
            ? new NpgsqlConnection(store.ConnectionString)
            : new SqliteConnection(store.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        if (store.Provider == StorageProvider.PostgreSql)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT next_sequence FROM os_partitions WHERE partition_hash = @p FOR UPDATE";
            command.Parameters.Add(new NpgsqlParameter("p", partitionHash.ToBytes()));
            await command.ExecuteScalarAsync();
        }

        return new PartitionLock(store, connection, transaction);
    }

    /// <summary>Runs <paramref name="sql"/> in the test's transaction, as another writer holding the lock would.</summary>
    public async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters) =>
        await _connection.ExecuteAsync(_transaction, sql, CancellationToken.None, parameters);

    /// <summary>Commits what <see cref="ExecuteAsync"/> did; the waiting batch then sees it.</summary>
    public async Task CommitAsync()
    {
        await _transaction.CommitAsync();
        _committed = true;
    }

    /// <summary>
    /// On PostgreSQL, waits until another session of the test's database waits for this lock: the batch is inside the
    /// database. Polled, a few milliseconds apart. SQLite shows no waiters; there it returns at once.
    /// </summary>
    public async Task WaitUntilWaitedForAsync()
    {
        if (_connection is not NpgsqlConnection held)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(_store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND @holder = ANY (pg_blocking_pids(pid)))", connection);
        command.Parameters.AddWithValue("holder", held.ProcessID);
        await Eventually.UntilAsync(async () => (bool)(await command.ExecuteScalarAsync())!, "a transaction waits for the held partition", TimeSpan.FromMinutes(1));
    }

    /// <summary>Ends the test's transaction, changing nothing unless it committed; the waiting batch goes on.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            await _transaction.RollbackAsync();
        }

        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
