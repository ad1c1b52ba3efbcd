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
    private readonly DateTimeOffset?[] _committedAt = new DateTimeOffset?[messages];
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

    /// <summary>Call when the write's COMMIT has returned, if the writer sees that moment (the raw baseline does).</summary>
    public void Committed(int index) => _committedAt[index] = DateTimeOffset.UtcNow;

    /// <param name="committedAt">When the write's commit returned, if the message says (a store feed's notice does).</param>
    public void Received(int index, DateTimeOffset? committedAt = null)
    {
        if (committedAt is not null)
        {
            _committedAt[index] = committedAt;
        }

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
    /// The same throughput, with each message's latency from when its write's COMMIT returned to its first receipt; for a
    /// message whose commit was not seen (a store feed read it from the log rather than by a notice), from
    /// <paramref name="recorded"/>, the commit time its transaction wrote before its COMMIT (by message index, as the
    /// database holds it), which is later than the BEGIN and earlier than the COMMIT's return: an upper bound. A
    /// message received before its writer saw the COMMIT return (a notification travels beside that answer) counts as 0.
    /// Call after <see cref="WaitForAllAsync"/>.
    /// </summary>
    public (PhaseResult Result, int FromRecorded) FromCommits(IReadOnlyDictionary<int, DateTimeOffset> recorded)
    {
        var latencies = new LatencyRecorder(messages);
        var fromRecorded = 0;
        for (var index = 0; index < messages; index++)
        {
            DateTimeOffset committed;
            if (_committedAt[index] is { } seen)
            {
                committed = seen;
            }
            else if (recorded.TryGetValue(index, out var written))
            {
                committed = written;
                fromRecorded++;
            }
            else
            {
                throw new InvalidOperationException($"Message {index} has no commit time: neither its delivery nor the database says when it committed.");
            }

            var latency = _receivedAt[index] - committed;
            latencies.Record(index, latency > TimeSpan.Zero ? latency : TimeSpan.Zero);
        }

        return (Result() with { P50Milliseconds = latencies.PercentileMilliseconds(50), P99Milliseconds = latencies.PercentileMilliseconds(99) }, fromRecorded);
    }
}
