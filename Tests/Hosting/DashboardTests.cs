using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Hosting;

/// <summary>The Orleans Dashboard under <c>/dashboard</c>: administrators and the dashboard's basic credentials get in, nobody else.</summary>
[Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class DashboardTests(DashboardTests.DashboardSilo fixture) : IClassFixture<DashboardTests.DashboardSilo>
{
    private const long Administrator = 42;
    private const long Stranger = 1003;

    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/version")]
    [InlineData("/dashboard/DashboardCounters")]
    public async Task An_administrators_bearer_token_opens_the_dashboard(string path)
    {
        using var administrator = fixture.Silo.As(Administrator);

        using var response = await administrator.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_basic_credentials_of_the_settings_open_the_dashboard_as_a_browser_sends_them()
    {
        using var browser = Basic("admin", fixture.Password);

        using var page = await browser.GetAsync("/dashboard/");
        using var counters = await browser.GetAsync("/dashboard/DashboardCounters");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.Contains("totalActiveHostCount", await counters.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_credentials_the_dashboard_answers_401_with_a_challenge_a_browser_answers()
    {
        using var anonymous = fixture.Silo.Anonymous();

        using var response = await anonymous.GetAsync("/dashboard/DashboardCounters");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_password_another_user_name_or_an_invalid_token_is_refused_401()
    {
        using var wrongPassword = Basic("admin", fixture.Password + "x");
        using var wrongUser = Basic("root", fixture.Password);
        using var forged = fixture.Silo.WithToken(fixture.Silo.Token(Administrator, key: new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[32])));

        foreach (var client in new[] { wrongPassword, wrongUser, forged })
        {
            using var response = await client.GetAsync("/dashboard/DashboardCounters");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_valid_token_of_a_user_who_is_not_an_administrator_is_refused_403()
    {
        using var stranger = fixture.Silo.As(Stranger);

        using var response = await stranger.GetAsync("/dashboard/DashboardCounters");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("not one of the store's administrators", await response.Content.ReadAsStringAsync());
    }

    private HttpClient Basic(string userName, string password)
    {
        var client = fixture.Silo.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
        return client;
    }

    /// <summary>A silo with the dashboard on, one administrator, and basic credentials.</summary>
    public sealed class DashboardSilo : IAsyncLifetime
    {
        private HttpSilo? _silo;

        public string Password { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

        public HttpSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

        public async Task InitializeAsync() => _silo = await HttpSilo.StartAsync(StorageProvider.Sqlite,
            "--Dashboard:Enabled=true", $"--Dashboard:Password={Password}", $"--ObjectStore:Administrators:UserIds:0={Administrator}");

        public async Task DisposeAsync()
        {
            if (_silo is not null)
            {
                await _silo.DisposeAsync();
            }
        }
    }
}
