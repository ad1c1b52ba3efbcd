using System.Net;
using System.Text.Json;
using ObjectStore.Storage;
using ObjectStore.Tests.Condensation;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// Rate limits: a token bucket per authenticated user under /object/v1 and per client address for unsigned requests
/// under /cds. Each bucket here holds two requests and refills a day later, so the third request within the test is
/// refused whatever the machine's speed, without waiting for anything.
/// </summary>
[Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class RateLimitTests(RateLimitTests.TinyLimitsSilo fixture) : IClassFixture<RateLimitTests.TinyLimitsSilo>
{
    private const int Burst = 2;

    [Fact]
    public async Task A_user_past_its_limit_gets_429_with_Retry_After_and_a_problem_while_another_user_still_gets_200()
    {
        using var throttled = fixture.Silo.As(1001);
        using var other = fixture.Silo.As(1002);
        for (var request = 0; request < Burst; request++)
        {
            using var allowed = await throttled.GetAsync("/object/v1/version");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await throttled.GetAsync("/object/v1/version");
        using var otherUser = await other.GetAsync("/object/v1/version");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        AssertRetryAfterInSeconds(refused);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("urn:objectstore:problem:throttled", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
    }

    [Fact]
    public async Task Unsigned_Condensation_requests_past_the_address_limit_get_429_in_plain_text_while_signed_ones_pass()
    {
        using var unsigned = new CdsClient(fixture.Silo.BaseAddress);
        using var actor = Actor.Create();
        using var signed = new CdsClient(fixture.Silo.BaseAddress, new RequestSigner(actor));
        for (var request = 0; request < Burst; request++)
        {
            using var allowed = await unsigned.GetObjectAsync(CdsHash.Random());
            Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        }

        using var refused = await unsigned.GetObjectAsync(CdsHash.Random());
        using var signedPut = await signed.PutObjectAsync(actor.PublicKeyObject);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        AssertRetryAfterInSeconds(refused);
        Assert.Equal("text/plain", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many unsigned requests", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, signedPut.StatusCode);
    }

    private static void AssertRetryAfterInSeconds(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromDays(1), $"Retry-After was {response.Headers.RetryAfter}");
    }

    /// <summary>A silo of its own: its buckets hold two requests each, and refill after a day.</summary>
    public sealed class TinyLimitsSilo : IAsyncLifetime
    {
        private HttpSilo? _silo;

        public HttpSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

        public async Task InitializeAsync() => _silo = await HttpSilo.StartAsync(StorageProvider.Sqlite,
            $"--RateLimits:PerUserTokenLimit={Burst}", "--RateLimits:PerUserTokensPerPeriod=1",
            $"--RateLimits:UnsignedCondensationTokenLimit={Burst}", "--RateLimits:UnsignedCondensationTokensPerPeriod=1",
            "--RateLimits:ReplenishmentPeriod=1.00:00:00");

        public async Task DisposeAsync()
        {
            if (_silo is not null)
            {
                await _silo.DisposeAsync();
            }
        }
    }
}
