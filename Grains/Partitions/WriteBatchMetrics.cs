using System.Diagnostics.Metrics;

namespace ObjectStore.Partitions;

/// <summary>
/// The silo's group-commit figures, on the meter <see cref="MeterName"/>: how many writes waited for a commit in
/// flight, how many units and writes each partition's batch held, and how many partitions' batches each database
/// transaction took together (<see cref="SiloCommitter"/>), and how often a batch's gathering ran out of time
/// (<see cref="GroupCommit{T}"/>: many timeouts mean writers rarely write again at once, and cost them the delay). An operator sees from them whether writes are being batched
/// (a busy partition, or many quiet ones) or go one per transaction (an idle silo). Made by the host's
/// <see cref="IMeterFactory"/>, like <see cref="Telemetry.ObjectStoreMetrics"/>: silos sharing a process report apart,
/// and the meter goes with the host.
/// </summary>
public sealed class WriteBatchMetrics
{
    public const string MeterName = "ObjectStore.Writes";

    public const string GathersName = "objectstore.write_batch.gathers";

    private readonly Counter<long> _queued;
    private readonly Histogram<int> _batchUnits;
    private readonly Histogram<int> _batchWrites;
    private readonly Histogram<int> _transactionBatches;
    private readonly Counter<long> _gathers;

    public WriteBatchMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _queued = Meter.CreateCounter<long>("objectstore.writes.queued", "{unit}", "Writes that waited for their partition's commit in flight");
        _batchUnits = Meter.CreateHistogram<int>("objectstore.write_batch.units", "{unit}", "Units (a write, or a transaction's writes) one partition's batch committed or refused");
        _batchWrites = Meter.CreateHistogram<int>("objectstore.write_batch.writes", "{write}", "Objects in one partition's batch");
        _transactionBatches = Meter.CreateHistogram<int>("objectstore.silo_commit.batches", "{batch}", "Partition batches one database transaction of the silo's committer took together");
        _gathers = Meter.CreateCounter<long>(GathersName, "{gather}", "Batches that waited for writes to queue again after a commit (level: partition or silo; outcome: filled, or timed_out after Writes:GatherDelay)");
    }

    /// <summary>This silo's meter, for a listener that wants this silo's figures alone.</summary>
    public Meter Meter { get; }

    public void Queued() => _queued.Add(1);

    public void BatchStarted(IReadOnlyList<PendingCommit> batch)
    {
        _batchUnits.Record(batch.Count);
        _batchWrites.Record(batch.Sum(pending => pending.Writes.Count));
    }

    public void SharedTransactionStarted(int batches) => _transactionBatches.Record(batches);

    /// <summary>A gathering ended at <paramref name="level"/> (partition or silo): filled when as many queued again, otherwise its delay ran out.</summary>
    public void Gathered(string level, bool filled) =>
        _gathers.Add(1, new KeyValuePair<string, object?>("level", level), new KeyValuePair<string, object?>("outcome", filled ? "filled" : "timed_out"));
}
