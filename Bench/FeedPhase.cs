using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ObjectStore.Bench;

/// <summary>The pacing of the feed phase's writes, the same for the store and the baseline.</summary>
public static class FeedPhase
{
    /// <summary>
    /// Starts write number i at i / rate seconds from now, without waiting for the writes before it, so that a slow
    /// write delays none after it and the rate stays the one asked for.
    /// </summary>
    public static async Task PaceAsync(int count, int ratePerSecond, Func<int, Task> write)
    {
        var start = Stopwatch.GetTimestamp();
        var writes = new List<Task>(count);
        for (var index = 0; index < count; index++)
        {
            var wait = TimeSpan.FromSeconds((double)index / ratePerSecond) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            writes.Add(write(index));
        }

        await Task.WhenAll(writes);
    }

    /// <summary>
    /// When each message of <paramref name="stage"/> committed, by index, as the database recorded it: <paramref name="sql"/>
    /// selects the sort key and the commit time of every row whose sort key is like its one parameter.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, DateTimeOffset>> CommitTimesAsync(NpgsqlDataSource dataSource, string sql, string stage,
        Func<NpgsqlDataReader, DateTimeOffset> committedAt)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = $"{stage}-%" });
        await using var reader = await command.ExecuteReaderAsync();
        var times = new Dictionary<int, DateTimeOffset>();
        while (await reader.ReadAsync())
        {
            var (rowStage, index) = ParseKey(reader.GetString(0));
            if (rowStage == stage)
            {
                times[index] = committedAt(reader);
            }
        }

        return times;
    }

    /// <summary>The sort key (and notification payload) of message <paramref name="index"/> of a stage: the receiver finds both in it.</summary>
    public static string Key(string stage, int index) => string.Create(CultureInfo.InvariantCulture, $"{stage}-{index:D9}");

    public static (string Stage, int Index) ParseKey(string key)
    {
        var separator = key.LastIndexOf('-');
        return (key[..separator], int.Parse(key.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture));
    }
}
