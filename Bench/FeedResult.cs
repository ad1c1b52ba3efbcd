namespace ObjectStore.Bench;

/// <summary>What the feed phase measured: delivery while writes come at a steady rate, and the drain of a backlog.</summary>
/// <param name="FromCommit">
/// Messages delivered, from the first write sent to the last message received, with the latency of each from the return
/// of its write's COMMIT to its receipt by the consumer (see <see cref="Deliveries.FromCommits"/>).
/// </param>
/// <param name="FromSend">The same, with each latency from just before its write was sent: the write's own wait included.</param>
/// <param name="FromRecordedCommit">
/// Messages whose commit's return was not seen, timed instead from the commit time their transaction wrote before its
/// COMMIT (an upper bound).
/// </param>
public sealed record FeedResult(PhaseResult FromCommit, PhaseResult FromSend, int FromRecordedCommit, int Drained, TimeSpan DrainElapsed)
{
    public double DrainedPerSecond => Drained / DrainElapsed.TotalSeconds;
}
