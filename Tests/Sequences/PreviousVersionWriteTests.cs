using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Sequences;

/// <summary>
/// A rolling update: a silo of the version before sequences still writes, with the statements it had (no createdDate
/// keys, no thread on versions, no commit time), into a store the new silos have migrated. Its writes succeed and take
/// their places in the views and the firehose as the new silos' do.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class PreviousVersionWriteTests
{
    private const string Thread = "BBBB";
    private const long PartitionOwner = 1; // owner_id of the os_partitions row below

    // A fact per backend rather than a theory over both: xunit v2 gives a theory's rows one set of traits.
    [Fact, Backend(StorageProvider.Sqlite)]
    public Task A_write_of_the_previous_version_is_seen_by_views_and_the_firehose_on_sqlite() => PreviousWriteAsync(StorageProvider.Sqlite);

    [Fact, Backend(StorageProvider.PostgreSql)]
    public Task A_write_of_the_previous_version_is_seen_by_views_and_the_firehose_on_postgresql() => PreviousWriteAsync(StorageProvider.PostgreSql);

    private static async Task PreviousWriteAsync(StorageProvider provider)
    {
        await using var dialect = StorageDialect.Create(provider, await StoreCluster.NewDatabaseAsync(provider));
        await new SchemaMigrator(dialect, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var (partition, dated, undated) = (TestHashes.Of("partition"), TestHashes.Of("dated"), TestHashes.Of("undated"));
        await using (var connection = await dialect.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(null, "INSERT INTO os_partitions VALUES (@p, 'p', 1, @p, 1)", CancellationToken.None, ("@p", partition));
            await using var transaction = await connection.BeginTransactionAsync();
            // The previous version's BatchWrites: heads, then versions, then log entries, then the partition's next sequence.
            await connection.ExecuteAsync(transaction,
                """
                INSERT INTO os_heads (base_hash, partition_hash, current_hash, sort_key, kind, owner_id, thread_id, purge_at) VALUES
                (@dated, @p, @dated, 'd', 0, 1, 'BBBB', NULL), (@undated, @p, @undated, 'u', 0, 1, NULL, NULL);
                INSERT INTO os_objects (absolute_hash, base_hash, partition_hash, sort_key, kind, sequence, body) VALUES
                (@dated, @dated, @p, 'd', 0, 1, @datedBody), (@undated, @undated, @p, 'u', 0, 2, @undatedBody);
                INSERT INTO os_log (partition_hash, sequence, absolute_hash, base_hash, sort_key, kind, tombstone, previous_sort_key) VALUES
                (@p, 1, @dated, @dated, 'd', 0, NULL, NULL), (@p, 2, @undated, @undated, 'u', 0, NULL, NULL);
                UPDATE os_partitions SET next_sequence = 3 WHERE partition_hash = @p;
                """,
                CancellationToken.None, ("@p", partition), ("@dated", dated), ("@undated", undated),
                ("@datedBody", Body("""{"createdDate":"2021-02-03T04:05:06.7Z","threadId":"BBBB"}""")), ("@undatedBody", Body("{}")));
            await transaction.CommitAsync();
        }

        var storage = new RelationalSequenceStorage(dialect);
        var absolute = await storage.PagePartitionAsync(partition, SequenceView.Absolute, SequenceBounds.None, null, true, 10, CancellationToken.None);
        var current = await storage.PagePartitionAsync(partition, SequenceView.Current, SequenceBounds.None, null, true, 10, CancellationToken.None);
        var thread = await storage.PageThreadAsync(Thread, PartitionOwner, SequenceView.Absolute, SequenceBounds.None, null, true, 10, CancellationToken.None);
        var log = await storage.PageLogAsync(partition, new SequenceBounds("2021-02-03T04:05:06.000000000Z", "2021-02-03T04:05:07.000000000Z"), null, true, 10,
            CancellationToken.None);

        Assert.Equal([dated, undated], absolute.Select(item => item.Object.AbsoluteHash));
        Assert.Equal("2021-02-03T04:05:06.700000000Z", absolute[0].Position.CreatedKey);
        Assert.True(string.CompareOrdinal(absolute[1].Position.CreatedKey, "2021-02-03T04:05:06.700000000Z") > 0 && absolute[1].Position.CreatedKey.Length == SequenceInstant.Length,
            "a version without createdDate takes its commit time");
        Assert.Equal(absolute.Select(item => item.Position.CreatedKey), current.Select(item => item.Position.CreatedKey));
        Assert.Equal([dated], thread.Select(item => item.Object.AbsoluteHash));
        Assert.Equal([1L], log.Select(entry => entry.Sequence));

        // On PostgreSQL the entries show once every older transaction of the server has ended, other tests' included.
        IReadOnlyList<FirehoseEntry> firehose = [];
        await Eventually.UntilAsync(async () => (firehose = await storage.PageFirehoseAsync(null, 10, CancellationToken.None)).Count >= 2,
            "the previous version's writes reach the firehose", TimeSpan.FromMinutes(1));

        Assert.Equal([(1L, dated), (2L, undated)], firehose.Select(entry => (entry.Entry.Sequence, entry.Entry.Object!.AbsoluteHash)));
    }

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);
}
