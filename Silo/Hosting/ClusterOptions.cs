namespace ObjectStore.Silo.Hosting;

/// <summary>The silo's place in its cluster (section <c>Cluster</c>).</summary>
public sealed class SiloClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>Silos with the same cluster id on the same database form one cluster.</summary>
    public string ClusterId { get; set; } = "objectstore";

    /// <summary>Stays the same across deployments: grain state and reminders are kept under it.</summary>
    public string ServiceId { get; set; } = "objectstore";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (PostgreSQL clusters); defaults to this host's name resolved.</summary>
    public string? AdvertisedHost { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            problems.Add($"{SectionName}:ClusterId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            problems.Add($"{SectionName}:ServiceId must not be empty.");
        }

        foreach (var (name, port) in new[] { ("SiloPort", SiloPort), ("GatewayPort", GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                problems.Add($"{SectionName}:{name} must be a TCP port (1-65535), was {port}.");
            }
        }

        if (SiloPort == GatewayPort)
        {
            problems.Add($"{SectionName}:SiloPort and {SectionName}:GatewayPort must differ.");
        }

        return problems;
    }
}
