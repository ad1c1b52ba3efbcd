using Npgsql;

namespace ObjectStore.Bench;

/// <summary>The PostgreSQL server of a run, and whether a commit there waits for the disk, as the server itself says.</summary>
/// <param name="Text">Version, address and databases, for the report's heading.</param>
/// <param name="Durability">
/// <c>durable</c> when fsync, synchronous_commit and full_page_writes are all on, <c>fsync-off</c> when all are off,
/// else the three settings as the server reports them.
/// </param>
public sealed record ServerDescription(string Text, string Durability)
{
    public static async Task<ServerDescription> ReadAsync(string connection, string what)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var opened = await dataSource.OpenConnectionAsync();
        var settings = new List<string>();
        foreach (var setting in new[] { "fsync", "synchronous_commit", "full_page_writes" })
        {
            await using var show = new NpgsqlCommand($"SHOW {setting}", opened);
            settings.Add($"{setting}={await show.ExecuteScalarAsync()}");
        }

        var durability = settings.All(setting => setting.EndsWith("=on", StringComparison.Ordinal)) ? "durable"
            : settings.All(setting => setting.EndsWith("=off", StringComparison.Ordinal)) ? "fsync-off"
            : string.Join(",", settings);
        return new ServerDescription($"PostgreSQL {opened.PostgreSqlVersion} at {opened.Host}:{opened.Port} ({what}; {string.Join(", ", settings)})", durability);
    }
}
