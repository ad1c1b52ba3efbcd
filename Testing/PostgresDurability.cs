namespace ObjectStore.Testing;

/// <summary>How a throwaway <see cref="PostgresServer"/> commits.</summary>
public enum PostgresDurability
{
    /// <summary>fsync, synchronous_commit and full_page_writes off: a commit does not wait for the disk. For tests.</summary>
    FsyncOff,

    /// <summary>fsync, synchronous_commit and full_page_writes on, as a production server runs: a commit waits for the disk.</summary>
    Durable,
}
