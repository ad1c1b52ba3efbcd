using System.Diagnostics;
using System.Diagnostics.Metrics;
using ObjectStore.Partitions;
using ObjectStore.Telemetry;

namespace ObjectStore.Bench;

/// <summary>
/// Listens, in the bench process that hosts the silo, to Npgsql's per-command duration (one measurement per round trip)
/// and to the store's batch sizes, gatherings and commit durations, and reads the process's CPU time; hands out what was counted since it last did.
/// </summary>
public sealed class ClientMeters : IDisposable
{
    private const string NpgsqlMeter = "Npgsql";
    private const string NpgsqlExecutions = "db.client.operation.duration";
    private const string BatchWrites = "objectstore.write_batch.writes";
    private const string CommitDuration = "objectstore.commit.duration";

    private readonly MeterListener _listener = new();
    private long _executions;
    private long _batches;
    private long _batchedWrites;
    private long _largestBatch;
    private long _gathers;
    private long _gatherTimeouts;
    private long _commits;
    private long _commitTicks;
    private TimeSpan _processorTime = ProcessorTime();

    public ClientMeters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if ((instrument.Meter.Name, instrument.Name) is (NpgsqlMeter, NpgsqlExecutions) or (WriteBatchMetrics.MeterName, BatchWrites or WriteBatchMetrics.GathersName)
                or (ObjectStoreMetrics.MeterName, CommitDuration))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, seconds, _, _) =>
        {
            if (instrument.Name == CommitDuration)
            {
                Interlocked.Increment(ref _commits);
                Interlocked.Add(ref _commitTicks, TimeSpan.FromSeconds(seconds).Ticks);
            }
            else
            {
                Interlocked.Increment(ref _executions);
            }
        });
        _listener.SetMeasurementEventCallback<int>((_, writes, _, _) =>
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _batchedWrites, writes);
            long largest;
            while (writes > (largest = Interlocked.Read(ref _largestBatch)) && Interlocked.CompareExchange(ref _largestBatch, writes, largest) != largest)
            {
                // Another batch raised the largest meanwhile: compare again.
            }
        });
        _listener.SetMeasurementEventCallback<long>((_, gathers, tags, _) =>
        {
            Interlocked.Add(ref _gathers, gathers);
            foreach (var tag in tags)
            {
                if (tag is { Key: "outcome", Value: "timed_out" })
                {
                    Interlocked.Add(ref _gatherTimeouts, gathers);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The counts since the previous call (or since this listener started), and a fresh start.</summary>
    public ClientCounts Take()
    {
        var processorTime = ProcessorTime();
        var spent = processorTime - _processorTime;
        _processorTime = processorTime;
        return new ClientCounts(
            Interlocked.Exchange(ref _executions, 0),
            Interlocked.Exchange(ref _batches, 0),
            Interlocked.Exchange(ref _batchedWrites, 0),
            Interlocked.Exchange(ref _largestBatch, 0),
            Interlocked.Exchange(ref _gathers, 0),
            Interlocked.Exchange(ref _gatherTimeouts, 0),
            Interlocked.Exchange(ref _commits, 0),
            TimeSpan.FromTicks(Interlocked.Exchange(ref _commitTicks, 0)),
            spent);
    }

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public void Dispose() => _listener.Dispose();
}
