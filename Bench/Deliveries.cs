using System.Diagnostics;

namespace ObjectStore.Bench;

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
    private readonly DateTimeOffset[] _receivedAt = new DateTimeOffset[messages];
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

        // The wall clock as well: the commit times it is compared with come from the database, not this stopwatch.
        _receivedAt[index] = DateTimeOffset.UtcNow;
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

    /// <summary>
    /// The same throughput, with each message's latency from when its write committed (<paramref name="committedAt"/>,
    /// by message index, as the database recorded it) to its first receipt. Call after <see cref="WaitForAllAsync"/>.
    /// </summary>
    public PhaseResult FromCommits(IReadOnlyDictionary<int, DateTimeOffset> committedAt)
    {
        if (committedAt.Count != messages)
        {
            throw new InvalidOperationException($"The database holds the commit time of {committedAt.Count} of {messages} messages.");
        }

        var latencies = new LatencyRecorder(messages);
        foreach (var (index, committed) in committedAt)
        {
            latencies.Record(index, _receivedAt[index] - committed);
        }

        return Result() with { P50Milliseconds = latencies.PercentileMilliseconds(50), P99Milliseconds = latencies.PercentileMilliseconds(99) };
    }
}
