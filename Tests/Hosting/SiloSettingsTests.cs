using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ObjectStore.Condensation;
using ObjectStore.Feeds;
using ObjectStore.Silo.Hosting;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Hosting;

/// <summary>The silo host reads every section of ObjectStore from its settings, as the README documents them.</summary>
[Kind(TestKind.Http)]
public sealed class SiloSettingsTests
{
    [Fact, Backend(StorageProvider.Sqlite)]
    public async Task Feed_and_condensation_settings_reach_the_store()
    {
        await using var silo = await HttpSilo.StartAsync(StorageProvider.Sqlite,
            "--ObjectStore:Feeds:MaxAttempts=7", "--ObjectStore:Feeds:VisibilityTimeout=00:00:45",
            "--ObjectStore:Condensation:GracePeriod=00:05:00", "--ObjectStore:Condensation:MaxWatch=00:00:03",
            "--ObjectStore:Condensation:MaxObjectBytes=2048", "--ObjectStore:Condensation:UnsignedEnvelopeBytes=1024");

        var feeds = silo.Services.GetRequiredService<IOptions<FeedOptions>>().Value;
        var condensation = silo.Services.GetRequiredService<IOptions<CondensationOptions>>().Value;

        Assert.Equal(7, feeds.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(45), feeds.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), condensation.GracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(3), condensation.MaxWatch);
        Assert.Equal(2048, condensation.MaxObjectBytes);
        Assert.Equal(1024, condensation.UnsignedEnvelopeBytes);
    }

    [Fact]
    public void A_bad_condensation_setting_stops_the_silo_with_what_to_fix()
    {
        var error = Assert.ThrowsAny<Exception>(() => SiloHost.Create(["--ObjectStore:Condensation:MaxWatch=01:00:00", "--ObjectStore:DataFolder=" + Path.GetTempPath()]));

        Assert.Contains("ObjectStore:Condensation:MaxWatch must be between", error.ToString());
    }
}
