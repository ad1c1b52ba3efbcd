namespace ObjectStore.Bench;

/// <summary>What the feed phase measured: delivery while writes come at a steady rate, and the drain of a backlog.</summary>
/// <param name="Steady">Messages delivered, from the first write sent to the last message received, with the latency of each.</param>
public sealed record FeedResult(PhaseResult Steady, int Drained, TimeSpan DrainElapsed)
{
    public double DrainedPerSecond => Drained / DrainElapsed.TotalSeconds;
}
