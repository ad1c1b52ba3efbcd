namespace ObjectStore.Bench;

/// <summary>What the feed phase measured: delivery while writes come at a steady rate, and the drain of a backlog.</summary>
/// <param name="FromCommit">
/// Messages delivered, from the first write sent to the last message received, with the latency of each from the commit
/// time its write's transaction recorded (taken before its COMMIT, so an upper bound) to its receipt by the consumer.
/// </param>
/// <param name="FromSend">The same, with each latency from just before its write was sent: the write's own wait included.</param>
public sealed record FeedResult(PhaseResult FromCommit, PhaseResult FromSend, int Drained, TimeSpan DrainElapsed)
{
    public double DrainedPerSecond => Drained / DrainElapsed.TotalSeconds;
}
