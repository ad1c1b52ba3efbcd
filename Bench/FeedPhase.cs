using System.Diagnostics;
using System.Globalization;

namespace ObjectStore.Bench;

/// <summary>What the feed phase measured: delivery while writes come at a steady rate, and the drain of a backlog.</summary>
/// <param name="Steady">Messages delivered, from the first write sent to the last message received, with the latency of each.</param>
public sealed record FeedResult(PhaseResult Steady, int Drained, TimeSpan DrainElapsed)
{
    public double DrainedPerSecond => Drained / DrainElapsed.TotalSeconds;
}

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

    /// <summary>The sort key (and notification payload) of message <paramref name="index"/> of a stage: the receiver finds both in it.</summary>
    public static string Key(string stage, int index) => string.Create(CultureInfo.InvariantCulture, $"{stage}-{index:D9}");

    public static (string Stage, int Index) ParseKey(string key)
    {
        var separator = key.LastIndexOf('-');
        return (key[..separator], int.Parse(key.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// When each message of a stage was sent and first received. Delivery is at least once: a message received again
/// counts once, at its first arrival.
/// </summary>
public sealed class Deliveries(int messages)
{
    // Generous: a run that is this late has lost messages, and saying so beats waiting for ever.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly long[] _sent = new long[messages];
    private readonly int[] _received = new int[messages];
    private readonly LatencyRecorder _latencies = new(messages);
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _firstSent;
    private long _lastReceived;
    private int _count;

    public int Messages => messages;

    /// <summary>Call just before the write is sent: latency runs from here to the first receipt.</summary>
    public void Sent(int index)
    {
        var now = Stopwatch.GetTimestamp();
        _sent[index] = now;
        Interlocked.CompareExchange(ref _firstSent, now, 0);
    }

    public void Received(int index)
    {
        if (Interlocked.Exchange(ref _received[index], 1) != 0)
        {
            return;
        }

        _latencies.Record(index, _sent[index]);
        Interlocked.Exchange(ref _lastReceived, Stopwatch.GetTimestamp());
        if (Interlocked.Increment(ref _count) == messages)
        {
            _all.TrySetResult();
        }
    }

    /// <summary>Waits until every message arrived, after the last write was sent; throws if they do not come.</summary>
    public async Task WaitForAllAsync()
    {
        if (messages == 0)
        {
            return;
        }

        try
        {
            await _all.Task.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"Only {Volatile.Read(ref _count)} of {messages} messages arrived within {Patience} of the last write.");
        }
    }

    /// <summary>Throughput from the first write sent to the last message received, and the latency of every message.</summary>
    public PhaseResult Result() => new(messages, Stopwatch.GetElapsedTime(_firstSent, _lastReceived),
        _latencies.PercentileMilliseconds(50), _latencies.PercentileMilliseconds(99));
}
