using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using ObjectStore.Objects;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Sequences;

/// <summary>
/// A log page bounded by createdDate (<c>from</c>, <c>to</c>) reads the entries inside its bounds through an index instead
/// of walking every entry of the partition: the plan PostgreSQL makes for the store's own statement.
/// </summary>
[Kind(TestKind.Unit), Backend(StorageProvider.PostgreSql)]
public sealed class LogIndexTests
{
    [Fact]
    public async Task A_log_page_bounded_by_createdDate_reads_its_bounds_through_an_index()
    {
        await using var dialect = StorageDialect.Create(StorageProvider.PostgreSql, await StoreCluster.NewDatabaseAsync(StorageProvider.PostgreSql));
        await new SchemaMigrator(dialect, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var partition = Hash.FromDigest(SHA256.HashData("partition"u8));
        await using var connection = await dialect.DataSource.OpenConnectionAsync();
        // 20,000 entries, one a minute over two weeks, whose createdDates come in an order unrelated to their sequence.
        await connection.ExecuteAsync(null,
            """
            INSERT INTO os_log (partition_hash, sequence, absolute_hash, base_hash, sort_key, kind, created_key)
            SELECT @p, i, sha256(int4send(i)), sha256(int4send(i)), 'k' || i, 0,
                   to_char(timestamp '2020-01-01' + ((i * 7919) % 20000) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS') || '.000000000Z'
            FROM generate_series(1, 20000) i;
            ANALYZE os_log;
            """,
            CancellationToken.None, ("@p", partition));

        var bounds = new SequenceBounds("2020-01-05T00:00:00.000000000Z", "2020-01-05T01:00:00.000000000Z");
        var plan = await connection.QueryAsync(null, "EXPLAIN " + RelationalSequenceStorage.LogSql(bounds, hasCursor: false, forwards: true),
            reader => reader.GetString(0), CancellationToken.None,
            ("@p", partition), ("@after", null), ("@from", bounds.From), ("@to", bounds.To), ("@limit", 101));

        Assert.Contains(plan, line => line.Contains("os_log_partition_created", StringComparison.Ordinal));
    }
}
