using System.Diagnostics.Metrics;
using ObjectStore.Partitions;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// Listens to one silo's <see cref="WriteBatchMetrics"/> (its own meter instance, so other clusters in the process do not
/// count), so that a test can wait until writes queue behind a commit in flight, or a batch starts, instead of sleeping.
/// </summary>
public sealed class WriteBatchProbe : IDisposable
{
    private readonly Lock _gate = new();
    private readonly MeterListener _listener = new();
    private readonly List<int> _batchUnits = [];
    private readonly List<(Func<bool> Reached, TaskCompletionSource Signal)> _waiters = [];
    private long _queued;

    public WriteBatchProbe(WriteBatchMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(() => _queued += value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "objectstore.write_batch.units")
            {
                Record(() => _batchUnits.Add(value));
            }
        });
        _listener.Start();
    }

    /// <summary>The units of each batch started since the probe was made, in order.</summary>
    public IReadOnlyList<int> BatchUnits
    {
        get
        {
            lock (_gate)
            {
                return [.. _batchUnits];
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> writes have waited for a commit in flight.</summary>
    public Task WaitForQueuedAsync(long count) => WaitAsync(() => _queued >= count);

    /// <summary>Completes once <paramref name="count"/> batches have started.</summary>
    public Task WaitForBatchesAsync(int count) => WaitAsync(() => _batchUnits.Count >= count);

    public void Dispose() => _listener.Dispose();

    private Task WaitAsync(Func<bool> reached)
    {
        lock (_gate)
        {
            if (reached())
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((reached, signal));
            return signal.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
    }

    private void Record(Action change)
    {
        lock (_gate)
        {
            change();
            foreach (var waiter in _waiters.Where(waiter => waiter.Reached()).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.SetResult();
            }
        }
    }
}
