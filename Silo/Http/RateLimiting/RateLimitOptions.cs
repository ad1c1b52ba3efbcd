namespace ObjectStore.Silo.Http.RateLimiting;

/// <summary>
/// Token buckets per caller (section <c>RateLimits</c>); checked by <see cref="RateLimitOptionsValidator"/>. A bucket holds
/// up to its token limit, each request takes a token, and every <see cref="ReplenishmentPeriod"/> its tokens per period
/// come back. A limit of 0 turns that bucket off. Buckets live in each silo's memory: behind a load balancer that
/// spreads a caller over N silos, the caller gets up to N times the rate.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>
    /// The burst one authenticated user may send under <c>/object/v1</c>. Off (0) by default: one user driving the store at
    /// full speed from many connections is a normal load, and the right limit depends on the deployment's hardware.
    /// </summary>
    public int PerUserTokenLimit { get; set; }

    /// <summary>The requests per <see cref="ReplenishmentPeriod"/> a user may go on sending once its burst is spent.</summary>
    public int PerUserTokensPerPeriod { get; set; } = 1000;

    /// <summary>
    /// The burst of Condensation requests without a signature that one client address may send under <c>/cds</c>. On by
    /// default: anyone may send them, and a signature is what otherwise names who is asking.
    /// </summary>
    public int UnsignedCondensationTokenLimit { get; set; } = 200;

    /// <summary>The unsigned Condensation requests per <see cref="ReplenishmentPeriod"/> one address may go on sending.</summary>
    public int UnsignedCondensationTokensPerPeriod { get; set; } = 50;

    /// <summary>How often the buckets are refilled.</summary>
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
