using System.Security.Cryptography;
using System.Text;
using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Store;

/// <summary>
/// The statements a batch's writes go in. On PostgreSQL each column's values travel as one array, so that a batch of one
/// write and a batch of thirty send the same texts, which the server keeps prepared on each session instead of parsing
/// and planning a new text for every batch size; on SQLite, rows of VALUES.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class BatchWritesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-02T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static Hash HashOf(string text) => Hash.FromDigest(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary><paramref name="count"/> creates over two partitions, one of them in a thread, as a batch sent without reads applies them.</summary>
    private static BatchState Creates(int count)
    {
        var partitions = new[] { HashOf("first"), HashOf("second") };
        var state = BatchState.Unread(partitions.ToDictionary(partition => partition, _ => 1L), "2026-12-02T06:00:00.000000000Z");
        for (var i = 0; i < count; i++)
        {
            var name = $"object {i}";
            state.Apply([new PreparedWrite(ObjectKind.Stored, HashOf(name), partitions[i % 2], $"key '{i}' ü", null, null, null, null,
                i % 2 == 0 ? "a thread" : null, null, Encoding.UTF8.GetBytes(name))], writer: null);
        }

        return state;
    }

    [Fact]
    public void With_arrays_a_batch_of_one_and_a_batch_of_thirty_send_the_same_prepared_statements()
    {
        var one = BatchWrites.Of(Creates(1), Now, arrays: true);
        var thirty = BatchWrites.Of(Creates(30), Now, arrays: true);

        Assert.Equal(one.Select(statement => statement.Sql), thirty.Select(statement => statement.Sql));
        Assert.All(thirty, statement => Assert.True(statement.Preparable, statement.Sql));
        Assert.All(thirty, statement => Assert.DoesNotContain("VALUES", statement.Sql, StringComparison.Ordinal));
        // One parameter per column, each an array of a value per row.
        var objects = Assert.Single(thirty, statement => statement.Sql.StartsWith("INSERT INTO os_objects", StringComparison.Ordinal));
        Assert.Equal(9, objects.Parameters.Count);
        Assert.All(objects.Parameters, parameter => Assert.Equal(30, Assert.IsAssignableFrom<Array>(parameter.Value).Length));
        var threads = Assert.IsType<string?[]>(objects.Parameters[^1].Value);
        Assert.Equal([null, "a thread"], threads.Distinct().Order());
    }

    [Fact]
    public void Without_arrays_rows_go_as_values_and_nothing_is_prepared()
    {
        var one = BatchWrites.Of(Creates(1), Now, arrays: false);
        var thirty = BatchWrites.Of(Creates(30), Now, arrays: false);

        Assert.All(thirty, statement => Assert.False(statement.Preparable, statement.Sql));
        Assert.All(thirty, statement => Assert.Contains("VALUES", statement.Sql, StringComparison.Ordinal));
        Assert.NotEqual(one.Select(statement => statement.Sql), thirty.Select(statement => statement.Sql));
        Assert.Equal(30 * 9, Assert.Single(thirty, statement => statement.Sql.StartsWith("INSERT INTO os_objects", StringComparison.Ordinal)).Parameters.Count);
    }
}
