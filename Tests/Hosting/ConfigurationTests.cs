using ObjectStore.Hosting;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Fact]
    public void The_defaults_are_valid_and_put_sqlite_in_the_data_folder()
    {
        var options = new ObjectStoreOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(StorageProvider.Sqlite, options.Provider);
        Assert.Contains(Path.Combine(Path.GetFullPath("data"), "objectstore.db"), options.ResolveConnectionString());
        Assert.Equal(1024 * 1024, options.MaxObjectBytes);
    }

    [Theory]
    [InlineData("PostgreSql", null, 1048576, "ConnectionString is required")]
    [InlineData("Sqlite", null, 10, "MaxObjectBytes must be between")]
    [InlineData("Sqlite", null, 100_000_000, "MaxObjectBytes must be between")]
    public void Bad_options_say_what_to_fix(string provider, string? connectionString, int maxObjectBytes, string message)
    {
        var options = new ObjectStoreOptions
        {
            Provider = Enum.Parse<StorageProvider>(provider),
            ConnectionString = connectionString,
            MaxObjectBytes = maxObjectBytes,
        };

        Assert.Contains(options.Validate(), problem => problem.Contains(message));
    }

    [Fact]
    public void A_purge_interval_under_a_minute_is_refused()
    {
        var options = new ObjectStoreOptions { PurgeInterval = TimeSpan.FromSeconds(5) };

        Assert.Contains(options.Validate(), problem => problem.Contains("PurgeInterval"));
    }
}
