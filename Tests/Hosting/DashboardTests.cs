using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// The Orleans Dashboard under <c>/dashboard</c>: administrators and the dashboard's basic credentials get in, nobody else,
/// under any spelling of its paths; an address that guesses passwords is throttled.
/// </summary>
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

    /// <summary>
    /// Every spelling that routing takes to the dashboard, and each of its API routes (the grains' state, the live log
    /// stream, the reminders, the static files), needs credentials: the filter is on the whole group, not on one page.
    /// </summary>
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/DASHBOARD/")]
    [InlineData("/Dashboard/DashboardCounters")]
    [InlineData("/%64ashboard/version")]
    [InlineData("/dashboard/%54race")]
    [InlineData("/dashboard/index.html")]
    [InlineData("/dashboard/index.min.js")]
    [InlineData("/dashboard/Trace")]
    [InlineData("/dashboard/GrainState?grainId=0&grainType=ObjectStore.Expiry.ExpiryGrain")]
    [InlineData("/dashboard/GrainStats/ObjectStore.Partitions.PartitionGrain")]
    [InlineData("/dashboard/ClusterStats")]
    [InlineData("/dashboard/Reminders")]
    [InlineData("/dashboard/HistoricalStats/127.0.0.1")]
    [InlineData("/dashboard/SiloCounters/127.0.0.1")]
    [InlineData("/dashboard/TopGrainMethods")]
    public async Task Every_path_of_the_dashboard_however_spelt_is_refused_without_credentials(string path)
    {
        using var anonymous = fixture.Silo.Anonymous();

        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_empty_segment_matches_no_route_of_the_dashboard_and_serves_nothing()
    {
        using var anonymous = fixture.Silo.Anonymous();

        using var response = await anonymous.GetAsync(new Uri("/dashboard//version", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("orleansVersion", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_address_that_sent_too_many_wrong_passwords_is_refused_429_even_with_the_right_one_and_others_are_not()
    {
        const int allowed = 10;
        using var guesser = Basic("admin", fixture.Password + "x", FromLoopback(2));
        using var guesserWithThePassword = Basic("admin", fixture.Password, FromLoopback(2));
        using var neighbour = Basic("admin", fixture.Password, FromLoopback(3));
        for (var attempt = 0; attempt < allowed; attempt++)
        {
            using var wrong = await guesser.GetAsync("/dashboard/version");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var throttled = await guesser.GetAsync("/dashboard/version");
        using var right = await guesserWithThePassword.GetAsync("/dashboard/version");
        using var other = await neighbour.GetAsync("/dashboard/version");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.InRange(throttled.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal("throttled", (await throttled.Content.ReadFromJsonAsync<JsonObject>())?["code"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private HttpClient Basic(string userName, string password, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? fixture.Silo.Anonymous() : new HttpClient(handler) { BaseAddress = fixture.Silo.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
        return client;
    }

    /// <summary>
    /// Connections from 127.0.0.<paramref name="host"/>: a caller of its own address, whose failed sign-ins count apart from
    /// the other tests' (Linux routes all of 127.0.0.0/8 to loopback).
    /// </summary>
    private static SocketsHttpHandler FromLoopback(byte host) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(new IPAddress([127, 0, 0, host]), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

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
