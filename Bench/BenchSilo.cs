using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ObjectStore.Silo.Hosting;
using ObjectStore.Testing;

namespace ObjectStore.Bench;

/// <summary>
/// The silo as <c>dotnet run --project Silo</c> builds it (<see cref="SiloHost.Create"/>): Orleans with the store on
/// PostgreSQL and the HTTP API on Kestrel, on loopback ports of its own. The bench calls its grains in process, as an
/// application co-hosted with the silo would, and its HTTP API with a bearer token signed by a key made for the run.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private const string Issuer = "objectstore-bench";

    private readonly WebApplication _app;
    private readonly SymmetricSecurityKey _signingKey;

    private BenchSilo(WebApplication app, SymmetricSecurityKey signingKey)
    {
        _app = app;
        _signingKey = signingKey;
    }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchSilo> StartAsync(string connectionString)
    {
        var signingKey = RandomNumberGenerator.GetBytes(32);
        var app = SiloHost.Create(
        [
            "--Urls=http://127.0.0.1:0",
            $"--Cluster:SiloPort={FreePorts.Next()}",
            $"--Cluster:GatewayPort={FreePorts.Next()}",
            $"--Cluster:ClusterId=bench-{Guid.NewGuid():N}",
            "--Cluster:AdvertisedHost=127.0.0.1",
            // Nothing but this process reaches the loopback gateway; mutual TLS would measure TLS, not the store.
            "--Cluster:AllowUnauthenticatedGatewayOnPrivateNetwork=true",
            "--ObjectStore:Provider=PostgreSql",
            $"--ObjectStore:ConnectionString={connectionString}",
            $"--Authentication:Issuer={Issuer}",
            $"--Authentication:SigningKey={Convert.ToBase64String(signingKey)}",
            // Warnings and errors only: below that they would drown the figures.
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        return new BenchSilo(app, new SymmetricSecurityKey(signingKey));
    }

    /// <summary>
    /// A client of the HTTP API calling as <paramref name="userId"/>. Its handler keeps connections alive and opens as
    /// many as there are requests in flight, as a busy front end's would.
    /// </summary>
    public HttpClient HttpClientFor(long userId)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(_app.Urls.Single()),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.HmacSha256),
        }));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

}
