namespace ObjectStore.Storage;

/// <summary>The database behind the store.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file: one silo, nothing to install. The default.</summary>
    Sqlite,

    /// <summary>PostgreSQL: for clusters of silos.</summary>
    PostgreSql,
}
