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
/// The sequences migration on a store written before it: existing versions, heads and log entries get their createdDate
/// keys (the upgrade's time when they have no createdDate), thread ids and firehose positions, and entries written after it
/// are numbered on.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class SequenceBackfillTests
{
    private const string Thread = "AAAA";

    // A fact per backend rather than a theory over both: xunit v2 gives a theory's rows one set of traits.
    [Fact, Backend(StorageProvider.Sqlite)]
    public Task Rows_written_before_the_sequences_migration_take_their_places_on_sqlite() => BackfillAsync(StorageProvider.Sqlite);

    [Fact, Backend(StorageProvider.PostgreSql)]
    public Task Rows_written_before_the_sequences_migration_take_their_places_on_postgresql() => BackfillAsync(StorageProvider.PostgreSql);

    private static async Task BackfillAsync(StorageProvider provider)
    {
        await using var dialect = StorageDialect.Create(provider, await StoreCluster.NewDatabaseAsync(provider));
        var partition = HashOf("partition");
        var (first, second, undated) = (HashOf("first"), HashOf("second"), HashOf("undated"));
        await using (var connection = await dialect.DataSource.OpenConnectionAsync())
        {
            await ApplyScriptsBeforeSequencesAsync(connection, dialect);
            await ExecuteAsync(connection, "INSERT INTO os_partitions VALUES (@p, 'p', 1, @p, 4)", ("@p", partition));
            await ExecuteAsync(connection,
                """
                INSERT INTO os_objects (absolute_hash, base_hash, partition_hash, sort_key, kind, sequence, body) VALUES
                (@first, @first, @p, 'a', 0, 1, @firstBody), (@second, @first, @p, 'a', 0, 2, @secondBody), (@undated, @undated, @p, 'u', 0, 3, @undatedBody);
                INSERT INTO os_heads (base_hash, partition_hash, current_hash, sort_key, kind, owner_id, thread_id, purge_at) VALUES
                (@first, @p, @second, 'a', 0, 1, 'AAAA', NULL), (@undated, @p, @undated, 'u', 0, 1, NULL, NULL);
                INSERT INTO os_log (partition_hash, sequence, absolute_hash, base_hash, sort_key, kind) VALUES
                (@p, 1, @first, @first, 'a', 0), (@p, 2, @second, @first, 'a', 0), (@p, 3, @undated, @undated, 'u', 0);
                """,
                ("@p", partition), ("@first", first), ("@second", second), ("@undated", undated),
                ("@firstBody", Body("""{"createdDate":"2020-01-01T00:00:02.5Z","threadId":"AAAA"}""")),
                ("@secondBody", Body("""{"createdDate":"2020-01-01T00:00:01Z","threadId":"AAAA"}""")), ("@undatedBody", Body("{}")));
        }

        var upgradeStarted = SequenceInstant.Of(DateTimeOffset.UtcNow.AddSeconds(-1));
        await new SchemaMigrator(dialect, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var storage = new RelationalSequenceStorage(dialect);

        var absolute = await storage.PageAsync([partition], null, SequenceView.Absolute, SequenceBounds.None, null, true, 10, CancellationToken.None);
        var current = await storage.PageAsync([partition], null, SequenceView.Current, SequenceBounds.None, null, true, 10, CancellationToken.None);
        var thread = await storage.PageAsync([partition], Thread, SequenceView.Absolute, SequenceBounds.None, null, true, 10, CancellationToken.None);
        var log = await storage.PageLogAsync(partition, new SequenceBounds("2020-01-01T00:00:02.000000000Z", "2020-01-01T00:00:03.000000000Z"), null, true, 10, CancellationToken.None);

        Assert.Equal([second, first, undated], absolute.Select(item => item.Object.AbsoluteHash));
        Assert.Equal("2020-01-01T00:00:02.500000000Z", absolute[1].Position.CreatedKey);
        Assert.True(string.CompareOrdinal(absolute[2].Position.CreatedKey, upgradeStarted) > 0, "an object without createdDate takes the upgrade's time");
        Assert.Equal([(first, second), (undated, undated)], current.Select(item => (item.Position.Hash, item.Object.AbsoluteHash)));
        Assert.Equal([second, first], thread.Select(item => item.Object.AbsoluteHash));
        Assert.Equal([1L], log.Select(entry => entry.Sequence));

        await using (var connection = await dialect.DataSource.OpenConnectionAsync())
        {
            await ExecuteAsync(connection, "INSERT INTO os_log (partition_hash, sequence, absolute_hash, base_hash, sort_key, kind, created_key) VALUES (@p, 4, @u, @u, 'u', 1, 'x')",
                ("@p", partition), ("@u", undated));
        }

        // On PostgreSQL the new entry shows once every older transaction of the server has ended, other tests' included.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var firehose = await storage.PageFirehoseAsync(null, 10, CancellationToken.None);
        while (firehose.Count < 4 && DateTime.UtcNow < deadline)
        {
            firehose = await storage.PageFirehoseAsync(null, 10, CancellationToken.None);
        }

        Assert.Equal([1L, 2L, 3L, 4L], firehose.Select(entry => entry.Entry.Sequence));
        Assert.Equal([1L, 2L, 3L], firehose.Take(3).Select(entry => entry.Position.Position));
        Assert.True(firehose[3].Position.Position > 3, "an entry written after the upgrade is numbered after the entries before it");
    }

    /// <summary>The embedded scripts numbered below the sequences migration, applied as the migrator would have before it existed.</summary>
    private static async Task ApplyScriptsBeforeSequencesAsync(DbConnection connection, StorageDialect dialect)
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
