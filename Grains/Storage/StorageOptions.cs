namespace ObjectStore.Storage;

/// <summary>
/// The store's database (keys <c>ObjectStore:Provider</c>, <c>ObjectStore:ConnectionString</c> and
/// <c>ObjectStore:DataFolder</c>); checked by <see cref="StorageOptionsValidator"/>.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "ObjectStore";

    /// <summary><see cref="StorageProvider.Sqlite"/> (default, one silo) or <see cref="StorageProvider.PostgreSql"/> (clusters).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// The database connection string. Required for PostgreSQL; for SQLite it defaults to a file in <see cref="DataFolder"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the embedded SQLite database lives; created if missing.</summary>
    public string DataFolder { get; set; } = "data";
}
