namespace ObjectStore.Silo.Hosting;

/// <summary>The silo's place in its cluster (section <c>Cluster</c>); checked by <see cref="SiloClusterOptionsValidator"/>.</summary>
public sealed class SiloClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>Silos with the same cluster id on the same database form one cluster.</summary>
    public string ClusterId { get; set; } = "objectstore";

    /// <summary>Stays the same across deployments: grain state and reminders are kept under it.</summary>
    public string ServiceId { get; set; } = "objectstore";

    /// <summary>The port other silos reach this one at.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port Orleans clients connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (PostgreSQL clusters); defaults to this host's name resolved.</summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>
    /// Lets a PostgreSQL cluster run without mutual TLS (<c>Cluster:Tls</c>): then anyone who reaches the gateway port
    /// can act as any user, and anyone who reaches the silo port can join the cluster. Only for a network that nothing
    /// but the silos and trusted front-end services can reach; logged as a warning at start.
    /// </summary>
    public bool AllowUnauthenticatedGatewayOnPrivateNetwork { get; set; }

    /// <summary>
    /// How often the only silo of a SQLite deployment writes its heartbeat into Orleans' membership table and reads the
    /// table back (Orleans' defaults, which a PostgreSQL cluster keeps: every 30 and 60 s). That table lives in the
    /// silo's own memory and no other silo reads or writes it, so each round only woke the idle silo.
    /// </summary>
    public TimeSpan SingleSiloMembershipInterval { get; set; } = TimeSpan.FromMinutes(10);
}
