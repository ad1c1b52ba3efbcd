using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using ObjectStore.Objects;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Sequences;

/// <summary>
/// The sequences migrations on a store written before them: existing versions, heads and log entries get their createdDate
/// keys (nanoseconds kept; the upgrade's time when they have none, or one the strict parser would refuse), thread ids and
/// firehose positions, and entries written after them are numbered on. Every key is one a cursor accepts.
/// </summary>
public abstract class SequenceBackfillTests(StorageProvider provider)
{
    private const string Thread = "AAAA";

    [Fact]
    public async Task Rows_written_before_the_sequences_migrations_take_their_places()
    {
        await using var dialect = StorageDialect.Create(provider, await StoreCluster.NewDatabaseAsync(provider));
        var partition = HashOf("partition");
        var (first, second, undated, loose, purged, tombstone) =
            (HashOf("first"), HashOf("second"), HashOf("undated"), HashOf("loose"), HashOf("purged"), HashOf("tombstone"));
        int sequencesVersion;
        await using (var connection = await dialect.DataSource.OpenConnectionAsync())
        {
            sequencesVersion = await ApplyScriptsBeforeSequencesAsync(connection, dialect);
            await ExecuteAsync(connection, "INSERT INTO os_partitions VALUES (@p, 'p', 1, @p, 7)", ("@p", partition));
            // An offset and a space: dates the parser took before it became strict, which the first backfill cut into
            // malformed keys. The purged series left only its log entry; the physically deleted one its tombstone.
            await ExecuteAsync(connection,
                """
                INSERT INTO os_objects (absolute_hash, base_hash, partition_hash, sort_key, kind, sequence, body) VALUES
                (@first, @first, @p, 'a', 0, 1, @firstBody), (@second, @first, @p, 'a', 0, 2, @secondBody), (@undated, @undated, @p, 'u', 0, 3, @undatedBody),
                (@loose, @loose, @p, 'l', 0, 4, @looseBody);
                INSERT INTO os_heads (base_hash, partition_hash, current_hash, sort_key, kind, owner_id, thread_id, purge_at) VALUES
                (@first, @p, @second, 'a', 0, 1, 'AAAA', NULL), (@undated, @p, @undated, 'u', 0, 1, NULL, NULL), (@loose, @p, @loose, 'l', 0, 1, 'AAAA', NULL);
                INSERT INTO os_log (partition_hash, sequence, absolute_hash, base_hash, sort_key, kind, tombstone) VALUES
                (@p, 1, @first, @first, 'a', 0, NULL), (@p, 2, @second, @first, 'a', 0, NULL), (@p, 3, @undated, @undated, 'u', 0, NULL),
                (@p, 4, @loose, @loose, 'l', 0, NULL), (@p, 5, @purged, @purged, 'x', 0, NULL), (@p, 6, @tombstone, @tombstone, 't', 2, @tombstoneBody);
                """,
                ("@p", partition), ("@first", first), ("@second", second), ("@undated", undated), ("@loose", loose), ("@purged", purged),
                ("@tombstone", tombstone),
                ("@firstBody", Body("""{"createdDate":"2020-01-01T00:00:02.123456789Z","threadId":"AAAA"}""")),
                ("@secondBody", Body("""{"createdDate":"2020-01-01T00:00:01Z","threadId":"AAAA"}""")), ("@undatedBody", Body("{}")),
                ("@looseBody", Body("""{"createdDate":"2020-01-01T00:00:03+00:00","threadId":"AAAA"}""")),
                ("@tombstoneBody", Body("""{"createdDate":"2020-01-01 00:00:04Z"}""")));
        }

        await new SchemaMigrator(dialect, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var upgraded = await AppliedAtAsync(dialect, sequencesVersion);
        var storage = new RelationalSequenceStorage(dialect);

        var absolute = await storage.PagePartitionAsync(partition, SequenceView.Absolute, SequenceBounds.None, null, true, 10, CancellationToken.None);
        var current = await storage.PagePartitionAsync(partition, SequenceView.Current, SequenceBounds.None, null, true, 10, CancellationToken.None);
        var thread = await storage.PageThreadAsync(Thread, 1, SequenceView.Absolute, SequenceBounds.None, null, true, 10, CancellationToken.None);
        var nanosecond = await storage.PageLogAsync(partition, new SequenceBounds("2020-01-01T00:00:02.123456789Z", "2020-01-01T00:00:02.123456790Z"), null, true, 10,
            CancellationToken.None);
        var sinceUpgrade = await storage.PageLogAsync(partition, new SequenceBounds(upgraded, null), null, true, 10, CancellationToken.None);

        Assert.Equal([second, first], absolute.Take(2).Select(item => item.Object.AbsoluteHash));
        Assert.Equal("2020-01-01T00:00:02.123456789Z", absolute[1].Position.CreatedKey);
        Assert.Equal(new HashSet<Hash> { undated, loose }, absolute.Skip(2).Select(item => item.Object.AbsoluteHash).ToHashSet());
        Assert.Equal(upgraded, absolute.Single(item => item.Object.AbsoluteHash == loose).Position.CreatedKey);
        Assert.True(string.CompareOrdinal(absolute.Single(item => item.Object.AbsoluteHash == undated).Position.CreatedKey, upgraded) <= 0,
            "an object without createdDate takes the upgrade's time");
        Assert.All(absolute.Concat(current).Concat(thread), item => ViewPosition.ParseCursor(item.Position.ToCursor(), "after"));
        Assert.Equal([(first, second)], current.Take(1).Select(item => (item.Position.Hash, item.Object.AbsoluteHash)));
        Assert.Equal(new HashSet<Hash> { loose, undated }, current.Skip(1).Select(item => item.Position.Hash).ToHashSet());
        Assert.Equal([second, first, loose], thread.Select(item => item.Object.AbsoluteHash));
        Assert.Equal([1L], nanosecond.Select(entry => entry.Sequence));
        Assert.Equal([4L, 6L], sinceUpgrade.Select(entry => entry.Sequence).Where(sequence => sequence is not 3 and not 5));

        await using (var connection = await dialect.DataSource.OpenConnectionAsync())
        {
            await ExecuteAsync(connection, "INSERT INTO os_log (partition_hash, sequence, absolute_hash, base_hash, sort_key, kind, created_key) VALUES (@p, 7, @u, @u, 'u', 1, 'x')",
                ("@p", partition), ("@u", undated));
        }

        // On PostgreSQL the new entry shows once every older transaction of the server has ended, other tests' included.
        IReadOnlyList<FirehoseEntry> firehose = [];
        await Eventually.UntilAsync(async () => (firehose = await storage.PageFirehoseAsync(null, 10, CancellationToken.None)).Count >= 7,
            "the entry written after the upgrade reaches the firehose", TimeSpan.FromMinutes(1));

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], firehose.Select(entry => entry.Entry.Sequence));
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], firehose.Take(6).Select(entry => entry.Position.Position));
        Assert.True(firehose[6].Position.Position > 6, "an entry written after the upgrade is numbered after the entries before it");
    }

    /// <summary>When the migrator applied the sequences migration, as a createdDate key: the time undated rows take.</summary>
    private static async Task<string> AppliedAtAsync(StorageDialect dialect, int version)
    {
        await using var connection = await dialect.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT applied_at FROM os_schema_migrations WHERE version = {version}";
        var appliedAt = (string)(await command.ExecuteScalarAsync())!;
        return SequenceInstant.Of(DateTimeOffset.Parse(appliedAt, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The embedded scripts numbered below the sequences migration, applied as the migrator would have before it existed;
    /// answers the sequences migration's version.
    /// </summary>
    private static async Task<int> ApplyScriptsBeforeSequencesAsync(DbConnection connection, StorageDialect dialect)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var marker = $".Storage.Scripts.{dialect.ScriptFolder}.V";
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.Contains(marker, StringComparison.Ordinal))
            .Select(name => (Name: name, Version: int.Parse(name[(name.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split("__")[0], System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(script => script.Version)
            .ToList();
        var sequences = scripts.Single(script => script.Name.EndsWith("__sequences.sql", StringComparison.Ordinal)).Version;
        await ExecuteAsync(connection, "CREATE TABLE os_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        foreach (var script in scripts.Where(script => script.Version < sequences))
        {
            await using var stream = assembly.GetManifestResourceStream(script.Name)!;
            using var reader = new StreamReader(stream);
            await ExecuteAsync(connection, await reader.ReadToEndAsync());
            await ExecuteAsync(connection, "INSERT INTO os_schema_migrations VALUES (@v, 'before sequences', 'then')", ("@v", script.Version));
        }

        return sequences;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value is Hash hash ? hash.ToBytes() : value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static Hash HashOf(string text) => Hash.FromDigest(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);
}

[Kind(TestKind.Unit), Backend(StorageProvider.Sqlite)]
public sealed class SqliteSequenceBackfillTests() : SequenceBackfillTests(StorageProvider.Sqlite);

[Kind(TestKind.Unit), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresSequenceBackfillTests() : SequenceBackfillTests(StorageProvider.PostgreSql);
