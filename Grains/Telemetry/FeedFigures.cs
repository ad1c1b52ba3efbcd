namespace ObjectStore.Telemetry;

/// <summary>
/// One active feed's share of the feed gauges (<see cref="ObjectStoreMetrics"/>). The feed grain writes it at the end of
/// each of its turns; the gauges read it on the metrics reader's thread, so each figure is written and read whole.
/// </summary>
public sealed class FeedFigures
{
    private int _waiting;
    private int _inFlight;
    private int _behind;

    /// <summary>Messages held visible, waiting for a fetch.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Messages delivered and not yet acknowledged or visible again.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Whether the partition logs hold more than the buffer.</summary>
    public bool Behind => Volatile.Read(ref _behind) != 0;

    public void Update(int held, int inFlight, bool behind)
    {
        Volatile.Write(ref _waiting, held - inFlight);
        Volatile.Write(ref _inFlight, inFlight);
        Volatile.Write(ref _behind, behind ? 1 : 0);
    }
}
