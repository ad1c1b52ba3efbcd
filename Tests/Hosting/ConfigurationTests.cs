using ObjectStore.Hosting;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Hosting;

[Kind(TestKind.Unit)]
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

    [Theory]
    [InlineData(nameof(CondensationOptions.MaxObjectBytes), "MaxObjectBytes must be between 1024")]
    [InlineData(nameof(CondensationOptions.UnsignedEnvelopeBytes), "UnsignedEnvelopeBytes must be between 100 and MaxObjectBytes")]
    [InlineData(nameof(CondensationOptions.MaxWatch), "MaxWatch must be between")]
    [InlineData(nameof(CondensationOptions.GracePeriod), "GracePeriod must be at least")]
    [InlineData(nameof(CondensationOptions.CollectionInterval), "CollectionInterval must be at least")]
    public void Bad_condensation_options_say_what_to_fix(string setting, string message)
    {
        var condensation = new CondensationOptions();
        switch (setting)
        {
            case nameof(CondensationOptions.MaxObjectBytes): condensation.MaxObjectBytes = 512; condensation.UnsignedEnvelopeBytes = 256; break;
            case nameof(CondensationOptions.UnsignedEnvelopeBytes): condensation.UnsignedEnvelopeBytes = condensation.MaxObjectBytes + 1; break;
            case nameof(CondensationOptions.MaxWatch): condensation.MaxWatch = TimeSpan.FromHours(1); break;
            case nameof(CondensationOptions.GracePeriod): condensation.GracePeriod = TimeSpan.FromSeconds(10); break;
            case nameof(CondensationOptions.CollectionInterval): condensation.CollectionInterval = TimeSpan.FromSeconds(10); break;
        }

        var problems = new ObjectStoreOptions { Condensation = condensation }.Validate();

        Assert.Equal($"ObjectStore:Condensation:{message}", Assert.Single(problems)[..$"ObjectStore:Condensation:{message}".Length]);
    }
}
