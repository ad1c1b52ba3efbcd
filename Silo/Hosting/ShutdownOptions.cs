namespace ObjectStore.Silo.Hosting;

/// <summary>How the silo stops (section <c>Shutdown</c>); checked by <see cref="ShutdownOptionsValidator"/>.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// How long stopping may take: requests in flight finish (long polls answer at once), then the silo leaves its
    /// cluster and hands its grains over; whatever still runs after it is cut. Below Kubernetes' default grace period of
    /// 30 s, so that the silo ends by itself before it is killed.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(25);
}
