namespace ObjectStore.Bench;

/// <summary>What one measured phase achieved.</summary>
public sealed record PhaseResult(int Operations, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds)
{
    public double OperationsPerSecond => Operations / Elapsed.TotalSeconds;
}
