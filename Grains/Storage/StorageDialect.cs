using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ObjectStore.Storage;

/// <summary>What differs between the two databases; the SQL of the store is otherwise shared.</summary>
public abstract class StorageDialect : IAsyncDisposable
{
    public abstract StorageProvider Provider { get; }

    public abstract DbDataSource DataSource { get; }

    /// <summary>
    /// Where the partition grains' commits (the silo's shared transactions) and purges open their connections
    /// (<see cref="RelationalObjectStorage"/>). On PostgreSQL a pool of its own, of at most
    /// <see cref="PostgreSqlWriteConnections"/> sessions: the silo commits one shared transaction at a time, and in the one
    /// pool, once concurrent reads had opened dozens of sessions, its commits were spread over all of them, each cold, and
    /// took twice the server's time. Elsewhere <see cref="DataSource"/>.
    /// </summary>
    public virtual DbDataSource WriteDataSource => DataSource;

    /// <summary>The most sessions the write pool opens on PostgreSQL (fewer if the connection string's Maximum Pool Size is lower).</summary>
    public const int PostgreSqlWriteConnections = 8;

    /// <summary>
    /// Locks the rows of the partitions in <paramref name="partitionList"/> (the inside of an IN list) for the rest of the
    /// transaction, so that each partition's writers commit one at a time, and reads their (partition_hash, next_sequence).
    /// The rows are locked in hash order, one after another as the ordered scan returns them, so that two transactions
    /// that lock overlapping sets never wait on each other in a cycle.
    /// </summary>
    public abstract string LockPartitionsSql(string partitionList);

    /// <summary>
    /// Run first in every transaction that stores Condensation objects or adds box entries; it lets them run together
    /// but not while garbage is swept (<see cref="CondensationSweepLockSql"/>). Null where transactions are serialized anyway.
    /// </summary>
    public virtual string? CondensationWriteLockSql => null;

    /// <summary>Run first in the transaction that sweeps Condensation garbage: waits for the writes under way, holds off new ones.</summary>
    public virtual string? CondensationSweepLockSql => null;

    /// <summary>
    /// Whether a transaction's BEGIN and COMMIT go out as statements in its batches (<see cref="BatchTransaction"/>): on
    /// PostgreSQL that spares the COMMIT a round trip of its own; SQLite runs in the process, with no round trip to spare.
    /// </summary>
    public virtual bool CommitsInBatches => false;

    /// <summary>
    /// Whether the driver's async methods block the calling thread (Microsoft.Data.Sqlite's do, waiting for the
    /// database's write lock included): work that may wait long is then moved off the caller's thread, so that a grain
    /// waiting for a commit keeps taking calls.
    /// </summary>
    public virtual bool BlocksCallingThread => false;

    /// <summary>
    /// Whether a batch of creates may go without reads (<see cref="RelationalObjectStorage"/>), checked by
    /// <see cref="ExpectSequencesSql"/>: where it saves a round trip, which it does not on SQLite (in the process) nor
    /// where BEGIN cannot travel with the writes.
    /// </summary>
    public virtual bool SendsCreatesUnread => false;

    /// <summary>
    /// Locks the partitions of <paramref name="expected"/> (a table of partition_hash and the next_sequence expected there,
    /// <see cref="SqlLists.Table{T}"/>; <paramref name="count"/> names the parameter of its row count) in hash order, and
    /// refuses the transaction unless every one is at the expected sequence: the first statement of a batch of creates
    /// sent without reads.
    /// </summary>
    public virtual string ExpectSequencesSql(string expected, string count) => throw new NotSupportedException($"{Provider} sends no batch unread.");

    /// <summary>
    /// Whether a batch's writes send each column's values as one array (<see cref="SqlLists.Table{T}"/>), in statements
    /// whose text is the same for any batch, which the sessions then keep prepared where the driver prepares (PostgreSQL;
    /// a multiplexed connection sends the arrays without preparing, <see cref="BatchTransaction"/>). Always on
    /// PostgreSQL: there a VALUES table types a column that is null in every row as text, which no insert takes. SQLite,
    /// untyped, takes the VALUES.
    /// </summary>
    public virtual bool SendsArrays => false;

    /// <summary>
    /// Whether <paramref name="error"/> is the database refusing a batch sent without reads for what reading first
    /// would have caught: a partition not at the sequence expected, or a key (object, series, sort key) already taken; or
    /// a statement the session had prepared before a migration changed what it returns, which the driver prepares again.
    /// </summary>
    public virtual bool RefusedUnread(DbException error) => false;

    /// <summary>
    /// An SQL expression: the firehose reads only commits of transactions below it, so that one still in flight, which
    /// may hold a lower log position than commits already visible, is never passed over by a cursor. On PostgreSQL, the
    /// oldest transaction still in flight, stamped as the log stamps transactions (the server's id plus an offset that
    /// keeps stamps rising across a restore onto another server; every transaction below it has ended); SQLite commits one transaction at a
    /// time, in position order, and stamps none.
    /// </summary>
    public virtual string FirehoseHorizonSql => "1";

    /// <summary>
    /// Run at every start-up after migrating, under the migration lock, before the silo writes: returns by how much the
    /// firehose's transaction stamps moved on, which is more than 0 only on a database restored onto a server whose
    /// transaction counter is behind the one that wrote it. Null where commits are not stamped with transactions.
    /// </summary>
    public virtual string? FirehoseFollowRestoreSql => null;

    /// <summary>The column type of raw bytes.</summary>
    public abstract string BytesType { get; }

    /// <summary>Run once before migrating, outside any transaction.</summary>
    public virtual string? PrepareSql => null;

    /// <summary>Run first in each migration's transaction: serializes migrations between silos that start together.</summary>
    public virtual string? MigrationLockSql => null;

    /// <summary>The folder of embedded migration scripts.</summary>
    public abstract string ScriptFolder { get; }

    public static StorageDialect Create(StorageProvider provider, string connectionString) => provider switch
    {
        StorageProvider.PostgreSql => new PostgreSqlDialect(connectionString),
        StorageProvider.Sqlite => new SqliteDialect(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!ReferenceEquals(WriteDataSource, DataSource))
            {
                await WriteDataSource.DisposeAsync();
            }
        }
        finally
        {
            await DataSource.DisposeAsync();
        }
    }

    private sealed class PostgreSqlDialect(string connectionString) : StorageDialect
    {
        /// <summary>What <c>os_expect_sequences</c> raises (migration 17).</summary>
        private const string ExpectedSequencesMissed = "OS001";

        /// <summary>
        /// "cached plan must not change result type": the expectation's function returns something else since this session
        /// prepared it (a rolling upgrade's migration). Npgsql prepares it again on its next use.
        /// </summary>
        private const string PrepareOutdated = PostgresErrorCodes.FeatureNotSupported;

        public override StorageProvider Provider => StorageProvider.PostgreSql;

        public override DbDataSource DataSource { get; } = NpgsqlDataSource.Create(connectionString);

        public override DbDataSource WriteDataSource { get; } = NpgsqlDataSource.Create(WritesOf(connectionString));

        // FOR UPDATE locks in the plan's LockRows step, above the sort: row by row, in ORDER BY order.
        public override string LockPartitionsSql(string partitionList) =>
            $"SELECT partition_hash, next_sequence FROM os_partitions WHERE partition_hash IN ({partitionList}) ORDER BY partition_hash FOR UPDATE";

        /// <summary>Npgsql refuses a BEGIN sent as SQL on a multiplexed connection, which it may share between callers.</summary>
        public override bool CommitsInBatches { get; } = !new NpgsqlConnectionStringBuilder(connectionString).Multiplexing;

        public override bool SendsCreatesUnread => CommitsInBatches;

        public override bool SendsArrays => true;

        public override string ExpectSequencesSql(string expected, string count) =>
            $"SELECT os_expect_sequences(count(*), {count}) FROM (SELECT 1 FROM os_partitions WHERE (partition_hash, next_sequence) IN (SELECT column1, column2 FROM {expected}) ORDER BY partition_hash FOR UPDATE) AS locked";

        public override bool RefusedUnread(DbException error) =>
            error is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or ExpectedSequencesMissed or PrepareOutdated };

        public override string? MigrationLockSql => "SELECT pg_advisory_xact_lock(7301650021)";

        public override string? CondensationWriteLockSql => "SELECT pg_advisory_xact_lock_shared(7301650022)";

        public override string? CondensationSweepLockSql => "SELECT pg_advisory_xact_lock(7301650022)";

        public override string FirehoseHorizonSql => "os_firehose_horizon()";

        public override string? FirehoseFollowRestoreSql => "SELECT os_firehose_follow_restore()";

        public override string ScriptFolder => "PostgreSql";

        /// <summary>The write pool's connection string: bounded, and named, so that its sessions show apart in pg_stat_activity.</summary>
        private static string WritesOf(string connectionString)
        {
            var writes = new NpgsqlConnectionStringBuilder(connectionString);
            writes.MaxPoolSize = Math.Min(writes.MaxPoolSize, PostgreSqlWriteConnections);
            writes.MinPoolSize = Math.Min(writes.MinPoolSize, writes.MaxPoolSize);
            writes.ApplicationName = $"{(string.IsNullOrEmpty(writes.ApplicationName) ? "ObjectStore" : writes.ApplicationName)} writes";
            return writes.ConnectionString;
        }

        public override string BytesType => "BYTEA";
    }

    /// <summary>
    /// SQLite transactions begin IMMEDIATE (the Microsoft.Data.Sqlite default), which takes the database's write lock
    /// at once: writers are serialized by the database, so no row lock is needed.
    /// </summary>
    private sealed class SqliteDialect(string connectionString) : StorageDialect
    {
        public override StorageProvider Provider => StorageProvider.Sqlite;

        public override DbDataSource DataSource { get; } = SqliteFactory.Instance.CreateDataSource(connectionString);

        public override string LockPartitionsSql(string partitionList) =>
            $"SELECT partition_hash, next_sequence FROM os_partitions WHERE partition_hash IN ({partitionList}) ORDER BY partition_hash";

        public override bool BlocksCallingThread => true;

        /// <summary>Write-ahead logging lets readers go on while a writer commits; the mode is kept in the file.</summary>
        public override string? PrepareSql => "PRAGMA journal_mode = WAL";

        public override string ScriptFolder => "Sqlite";

        public override string BytesType => "BLOB";
    }
}
