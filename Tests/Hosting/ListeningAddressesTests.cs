using Microsoft.AspNetCore.Hosting;
using ObjectStore.Silo.Hosting;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// Where the host listens when nothing says so, and which addresses count as reachable from this machine only (the
/// dashboard's start-up check). That <c>ASPNETCORE_URLS</c> and <c>--urls</c> move it is SiloProcessTests' concern.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class ListeningAddressesTests
{
    private static readonly string[] Authentication = ["--Authentication:Issuer=tests", $"--Authentication:SigningKey={Convert.ToBase64String(new byte[32])}"];

    [Fact]
    public async Task Without_an_address_the_silo_listens_on_localhost_5080()
    {
        await using var app = SiloHost.Create([.. Authentication, $"--ObjectStore:DataFolder={Path.GetTempPath()}"]);

        Assert.Equal(ListeningAddresses.Default, app.Configuration[WebHostDefaults.ServerUrlsKey]);
        Assert.Equal("http://localhost:5080", ListeningAddresses.Default);
    }

    [Fact]
    public async Task Kestrel_endpoints_are_not_overridden_by_the_default()
    {
        await using var app = SiloHost.Create([.. Authentication, $"--ObjectStore:DataFolder={Path.GetTempPath()}", "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:5999"]);

        Assert.Null(app.Configuration[WebHostDefaults.ServerUrlsKey]);
        Assert.Equal(["http://127.0.0.1:5999"], ListeningAddresses.Configured(app.Configuration));
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("https://[::1]:5443", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://silo1.example:8080", false)]
    public void Only_localhost_and_loopback_addresses_are_loopback(string url, bool loopback)
    {
        Assert.Equal(loopback, ListeningAddresses.IsLoopback(url));
    }
}
