using System.Net;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// The dashboard with no credentials configured, on a silo that listens on loopback only: a caller on the same machine
/// gets in without credentials, a request relayed by a proxy (which makes every caller look local) does not.
/// </summary>
[Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class DashboardOnLoopbackTests(DashboardOnLoopbackTests.OpenLocallySilo fixture) : IClassFixture<DashboardOnLoopbackTests.OpenLocallySilo>
{
    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/DashboardCounters")]
    public async Task A_caller_on_this_machine_opens_the_dashboard_without_credentials(string path)
    {
        using var local = fixture.Silo.Anonymous();

        using var response = await local.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7;proto=https")]
    [InlineData("X-Real-IP", "203.0.113.7")]
    public async Task A_request_a_proxy_relayed_is_refused_though_it_comes_from_loopback(string header, string value)
    {
        using var relayed = fixture.Silo.Anonymous();
        relayed.DefaultRequestHeaders.Add(header, value);

        using var response = await relayed.GetAsync("/dashboard/DashboardCounters");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");
    }

    /// <summary>A silo with the dashboard on and neither administrators nor a password: open to this machine alone.</summary>
    public sealed class OpenLocallySilo : IAsyncLifetime
    {
        private HttpSilo? _silo;

        public HttpSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

        public async Task InitializeAsync() => _silo = await HttpSilo.StartAsync(StorageProvider.Sqlite, "--Dashboard:Enabled=true");

        public async Task DisposeAsync()
        {
            if (_silo is not null)
            {
                await _silo.DisposeAsync();
            }
        }
    }
}
