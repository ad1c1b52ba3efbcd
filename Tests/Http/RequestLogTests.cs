using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>What an operator reads in the log of a silo that refuses requests, and what never reaches it.</summary>
[Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class RequestLogTests(RequestLogTests.LoggedSilo fixture) : IClassFixture<RequestLogTests.LoggedSilo>
{
    private const long User = 1003;
    private const string RefusalCategory = "ObjectStore.Silo.Http.RefusalLog";

    [Fact]
    public async Task A_refused_request_writes_one_line_with_its_route_template_status_code_and_user()
    {
        var feed = RandomHash();
        using var client = fixture.Silo.As(User);

        using var response = await client.GetAsync($"/object/v1/feeds/{feed}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var lines = fixture.Logs.Lines.Where(line => line.Category == RefusalCategory && line.Message.Contains($"user {User} ")).ToList();
        var line = Assert.Single(lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.StartsWith("Refused GET /object/v1/feeds/{feedHash} 404 not-found user 1003", line.Message);
        Assert.DoesNotContain(feed, line.Message);
    }

    [Fact]
    public async Task A_request_without_a_valid_token_is_logged_without_a_user()
    {
        using var client = fixture.Silo.Anonymous();

        using var response = await client.GetAsync($"/object/v1/feeds/{RandomHash()}/deadLetters");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(fixture.Logs.Lines, line => line.Category == RefusalCategory
            && line.Message.StartsWith("Refused GET /object/v1/feeds/{feedHash}/deadLetters 401 unauthenticated user -", StringComparison.Ordinal));
    }

    /// <summary>
    /// Valid, expired, forged and malformed tokens, at the Debug level of every library but Orleans: no line carries a
    /// token, nor the signature or the payload part of one (which a logger might print alone).
    /// </summary>
    [Fact]
    public async Task No_log_line_carries_a_token_valid_or_invalid()
    {
        var silo = fixture.Silo;
        var valid = silo.Token(User);
        var expired = silo.Token(User, expiresIn: TimeSpan.FromMinutes(-30));
        var forged = silo.Token(User, key: new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[32]));
        var malformed = $"{valid[..^10]}not-base64!";
        var tokens = new[] { valid, expired, forged, malformed };

        foreach (var token in tokens)
        {
            using var client = silo.WithToken(token);
            using var partition = await client.PostAsync("/object/v1/partitions/upsert", new StringContent(
                $$$"""{"partitionId":{"name":"tokens-{{{Guid.NewGuid():N}}}","userId":{{{User}}}}}""", Encoding.UTF8, "application/json"));
            using var feed = await client.GetAsync($"/object/v1/feeds/{RandomHash()}");
            using var dashboard = await client.GetAsync("/dashboard/");
        }

        using var basic = silo.Anonymous();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", valid);
        using var page = await basic.GetAsync($"/object/v1/feeds/{RandomHash()}");

        var parts = tokens.SelectMany(token => token.Split('.')).Where(part => part.Length >= 16).Distinct().ToList();
        var lines = fixture.Logs.Lines;
        Assert.Contains(lines, line => line.Category == RefusalCategory);
        var leaks = lines.Where(line => parts.Any(part => line.ToString().Contains(part, StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, $"lines that carry a token: {string.Join("\n", leaks)}");
    }

    private static string RandomHash() => CanonicalJson.HashOf(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())).ToUrlSafe();

    /// <summary>A silo of its own whose log this class reads, with the refusal lines and the libraries' debug lines let through.</summary>
    public sealed class LoggedSilo : IAsyncLifetime
    {
        private HttpSilo? _silo;

        public CapturedLogs Logs { get; } = new();

        public HttpSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

        public async Task InitializeAsync() => _silo = await HttpSilo.StartWithServicesAsync(StorageProvider.Sqlite,
            services => services.AddSingleton<ILoggerProvider>(Logs),
            "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Orleans=Information", "--Logging:LogLevel:ObjectStore=Information");

        public async Task DisposeAsync()
        {
            if (_silo is not null)
            {
                await _silo.DisposeAsync();
            }
        }
    }
}
