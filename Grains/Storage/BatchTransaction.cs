using System.Data;
using System.Data.Common;

namespace ObjectStore.Storage;

/// <summary>
/// The transaction of one batch, in as few round trips as the driver allows: its reads, then its writes and the commit.
/// Where the dialect says so (PostgreSQL, whose driver pipelines a <see cref="DbBatch"/>), BEGIN goes out with the reads and COMMIT
/// with the writes, so that a transaction costs two round trips instead of three (the COMMIT's own). When a statement
/// fails, PostgreSQL skips the rest of its round trip, COMMIT included, and the transaction is rolled back here before
/// the connection goes back to the pool: nothing of the batch is stored and the caller sees the error. Elsewhere (SQLite,
/// in the process, with no round trip to save), a plain <see cref="DbTransaction"/>.
/// </summary>
internal sealed class BatchTransaction : IAsyncDisposable
{
    // READ COMMITTED whatever the database's default: each read after the partition locks must see what the transaction
    // that held them committed (a REPEATABLE READ default would fail the waiter with a serialization error instead).
    private static readonly DbStatement Begin = new("BEGIN ISOLATION LEVEL READ COMMITTED", []) { Preparable = true };
    private static readonly DbStatement Commit = new("COMMIT", []) { Preparable = true };

    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private bool _begun;
    private bool _committed;

    private BatchTransaction(DbConnection connection, DbTransaction? transaction) => (_connection, _transaction) = (connection, transaction);

    public static async Task<BatchTransaction> BeginAsync(DbConnection connection, StorageDialect dialect, CancellationToken cancellationToken) =>
        dialect.CommitsInBatches
            ? new BatchTransaction(connection, transaction: null)
            : new BatchTransaction(connection, await connection.BeginTransactionAsync(cancellationToken));

    /// <summary>Queries, each row handed to its statement's reader; one round trip, which begins the transaction if it is the first.</summary>
    public Task QueryAsync(IReadOnlyList<DbStatement> statements, CancellationToken cancellationToken) =>
        _connection.QueryAsync(_transaction, [.. BeginIfFirst(), .. statements], cancellationToken);

    /// <summary>The last statements, then the commit; one round trip where the driver pipelines.</summary>
    public async Task CommitAsync(IReadOnlyList<DbStatement> statements, CancellationToken cancellationToken)
    {
        if (_transaction is null)
        {
            // BEGIN travels as a statement only where the driver may also prepare (not multiplexed: CommitsInBatches).
            await _connection.ExecuteAsync(null, [.. BeginIfFirst(), .. statements, Commit], prepare: true, cancellationToken);
        }
        else
        {
            await _connection.ExecuteAsync(_transaction, statements, prepare: false, cancellationToken);
            await _transaction.CommitAsync(cancellationToken);
        }

        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
            return;
        }

        if (_begun && !_committed && _connection.State == ConnectionState.Open)
        {
            try
            {
                await _connection.ExecuteAsync(null, "ROLLBACK", CancellationToken.None);
            }
            catch (DbException)
            {
                // The connection broke with the batch: the server rolled back when it lost it, and the pool drops it.
            }
        }
    }

    private IEnumerable<DbStatement> BeginIfFirst()
    {
        if (_begun || _transaction is not null)
        {
            return [];
        }

        _begun = true;
        return [Begin];
    }
}
