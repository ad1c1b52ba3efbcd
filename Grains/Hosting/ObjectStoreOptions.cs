using ObjectStore.Storage;

namespace ObjectStore.Hosting;

/// <summary>Configuration of the store (section <c>ObjectStore</c> of the Silo's configuration).</summary>
public sealed class ObjectStoreOptions
{
    public const string SectionName = "ObjectStore";
    public const string GrainStorageName = "objectstore";

    /// <summary><see cref="StorageProvider.Sqlite"/> (default, one silo) or <see cref="StorageProvider.PostgreSql"/> (clusters).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// The database connection string. Required for PostgreSQL; for SQLite it defaults to a file in <see cref="DataFolder"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the embedded SQLite database lives; created if missing.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>The largest object accepted, in bytes of canonical JSON. Default 1 MiB.</summary>
    public int MaxObjectBytes { get; set; } = 1024 * 1024;

    /// <summary>The most objects in one transaction.</summary>
    public int MaxTransactionObjects { get; set; } = 100;

    /// <summary>How often objects past their purgeDate are removed. At least a minute (Orleans reminders).</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How feeds deliver: visibility timeout, attempts before dead-lettering, idle expiry.</summary>
    public FeedOptions Feeds { get; set; } = new();

    /// <summary>The Condensation store: object size limits, watch cap, garbage collection.</summary>
    public CondensationOptions Condensation { get; set; } = new();

    /// <summary>
    /// The clock that purge dates are compared with. Orleans keeps its own timers; tests replace only this one.
    /// Feeds measure visibility timeouts, long polls and expiry on it too.
    /// </summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The connection string to use, with the SQLite default filled in.</summary>
    public string ResolveConnectionString() => Provider switch
    {
        StorageProvider.Sqlite when string.IsNullOrWhiteSpace(ConnectionString) =>
            $"Data Source={Path.Combine(Path.GetFullPath(DataFolder), "objectstore.db")};Pooling=True;Foreign Keys=True",
        _ => ConnectionString ?? "",
    };

    /// <summary>Every problem with the configuration, each saying what to fix; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Provider))
        {
            problems.Add($"{SectionName}:Provider must be Sqlite or PostgreSql.");
        }

        if (Provider == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{SectionName}:ConnectionString is required when {SectionName}:Provider is PostgreSql (for example \"Host=localhost;Database=objectstore;Username=objectstore;Password=...\").");
        }

        if (Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(DataFolder))
        {
            problems.Add($"{SectionName}:DataFolder must name a folder for the SQLite database.");
        }

        if (MaxObjectBytes is < 1024 or > 64 * 1024 * 1024)
        {
            problems.Add($"{SectionName}:MaxObjectBytes must be between 1024 and 67108864, was {MaxObjectBytes}.");
        }

        if (MaxTransactionObjects is < 1 or > 10_000)
        {
            problems.Add($"{SectionName}:MaxTransactionObjects must be between 1 and 10000, was {MaxTransactionObjects}.");
        }

        if (PurgeInterval < TimeSpan.FromMinutes(1))
        {
            problems.Add($"{SectionName}:PurgeInterval must be at least 00:01:00 (a reminder period), was {PurgeInterval}.");
        }

        problems.AddRange(Feeds.Validate($"{SectionName}:Feeds"));
        problems.AddRange(Condensation.Validate($"{SectionName}:Condensation"));
        return problems;
    }
}
