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
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;

    private PartitionLock(DbConnection connection, DbTransaction transaction) => (_connection, _transaction) = (connection, transaction);

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

        return new PartitionLock(connection, transaction);
    }

    /// <summary>The database session holding the lock (PostgreSQL's backend process id; 0 on SQLite).</summary>
    public int ProcessId => _connection is NpgsqlConnection postgres ? postgres.ProcessID : 0;

    /// <summary>Ends the test's transaction, changing nothing; the waiting batch goes on.</summary>
    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
