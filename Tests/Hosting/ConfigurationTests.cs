using ObjectStore.Condensation;
using ObjectStore.Expiry;
using ObjectStore.Hosting;
using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Hosting;

[Kind(TestKind.Unit)]
public sealed class ConfigurationTests
{
    [Fact]
    public void The_defaults_are_valid_and_put_sqlite_in_the_data_folder()
    {
        var storage = new StorageOptions();

        Assert.True(new StorageOptionsValidator().Validate(null, storage).Succeeded);
        Assert.True(new ObjectLimitsOptionsValidator().Validate(null, new ObjectLimitsOptions()).Succeeded);
        Assert.True(new ExpiryOptionsValidator().Validate(null, new ExpiryOptions()).Succeeded);
        Assert.True(new CondensationOptionsValidator().Validate(null, new CondensationOptions()).Succeeded);
        Assert.Equal(StorageProvider.Sqlite, storage.Provider);
        Assert.Contains(Path.Combine(Path.GetFullPath("data"), "objectstore.db"), ObjectStoreSiloBuilderExtensions.ConnectionStringOf(storage));
        Assert.Equal(1024 * 1024, new ObjectLimitsOptions().MaxObjectBytes);
    }

    [Fact]
    public void PostgreSql_without_a_connection_string_says_what_to_fix()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Provider = StorageProvider.PostgreSql });

        Assert.Contains(result.Failures!, problem => problem.StartsWith("ObjectStore:ConnectionString is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100_000_000)]
    public void An_object_limit_out_of_range_says_what_to_fix(int maxObjectBytes)
    {
        var result = new ObjectLimitsOptionsValidator().Validate(null, new ObjectLimitsOptions { MaxObjectBytes = maxObjectBytes });

        Assert.Contains(result.Failures!, problem => problem.StartsWith("ObjectStore:MaxObjectBytes must be between", StringComparison.Ordinal));
    }

    [Fact]
    public void A_purge_interval_under_a_minute_is_refused()
    {
        var result = new ExpiryOptionsValidator().Validate(null, new ExpiryOptions { PurgeInterval = TimeSpan.FromSeconds(5) });

        Assert.Contains(result.Failures!, problem => problem.StartsWith("ObjectStore:PurgeInterval", StringComparison.Ordinal));
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

        var problems = new CondensationOptionsValidator().Validate(null, condensation).Failures;

        Assert.StartsWith($"ObjectStore:Condensation:{message}", Assert.Single(problems!), StringComparison.Ordinal);
    }
}
