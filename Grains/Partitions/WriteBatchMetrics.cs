using System.Diagnostics.Metrics;

namespace ObjectStore.Partitions;

/// <summary>
/// The silo's group-commit figures, on the meter <see cref="MeterName"/>: how many writes waited for a commit in
/// flight, and how many units and writes each partition transaction held. An operator sees from them whether writes
/// are being batched (a busy partition) or go one per transaction (an idle one).
/// </summary>
public sealed class WriteBatchMetrics : IDisposable
{
    public const string MeterName = "ObjectStore.Writes";

    private readonly Counter<long> _queued;
    private readonly Histogram<int> _batchUnits;
    private readonly Histogram<int> _batchWrites;

    public WriteBatchMetrics()
    {
        Meter = new Meter(MeterName);
        _queued = Meter.CreateCounter<long>("objectstore.writes.queued", "{unit}", "Writes that waited for their partition's commit in flight");
        _batchUnits = Meter.CreateHistogram<int>("objectstore.write_batch.units", "{unit}", "Units (a write, or a transaction's writes) one partition transaction committed or refused");
        _batchWrites = Meter.CreateHistogram<int>("objectstore.write_batch.writes", "{write}", "Objects in one partition transaction");
    }

    /// <summary>This silo's meter (one per silo, so that silos in one process stay apart).</summary>
    public Meter Meter { get; }

    public void Queued() => _queued.Add(1);

    public void BatchStarted(IReadOnlyList<PendingCommit> batch)
    {
        _batchUnits.Record(batch.Count);
        _batchWrites.Record(batch.Sum(pending => pending.Writes.Count));
    }

    public void Dispose() => Meter.Dispose();
}
