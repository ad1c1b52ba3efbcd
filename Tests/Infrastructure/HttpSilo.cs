using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ObjectStore.Hosting;
using ObjectStore.Silo.Hosting;
using ObjectStore.Storage;
using ObjectStore.Testing;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// The real silo host (<see cref="SiloHost.Create"/>, as Program.cs builds it) on Kestrel on a free loopback port,
/// with its own database and its own signing keys: a symmetric key, and RSA and EC public keys whose private
/// halves only the tests hold.
/// </summary>
public sealed class HttpSilo : IAsyncDisposable
{
    public const string Issuer = "objectstore-tests";

    private readonly WebApplication _app;
    private readonly string? _dataFolder;

    private HttpSilo(WebApplication app, string? dataFolder, string? connectionString, byte[] symmetricKey, RSA rsa, ECDsa ec)
    {
        _app = app;
        _dataFolder = dataFolder;
        ConnectionString = connectionString;
        SymmetricKey = new SymmetricSecurityKey(symmetricKey);
        RsaKey = new RsaSecurityKey(rsa);
        EcKey = new ECDsaSecurityKey(ec);
        BaseAddress = new Uri(app.Urls.Single());
    }

    public Uri BaseAddress { get; }

    /// <summary>The PostgreSQL database of the silo; null on SQLite.</summary>
    public string? ConnectionString { get; }

    public IServiceProvider Services => _app.Services;

    public SymmetricSecurityKey SymmetricKey { get; }

    public RsaSecurityKey RsaKey { get; }

    public ECDsaSecurityKey EcKey { get; }

    /// <summary>Starts a silo; <paramref name="settings"/> are appended to the host's arguments and win over the defaults.</summary>
    public static Task<HttpSilo> StartAsync(StorageProvider provider = StorageProvider.Sqlite, params string[] settings) =>
        StartAsync(provider, clock: null, settings);

    /// <summary>Starts a silo whose store runs on <paramref name="clock"/> (the system clock when null).</summary>
    public static Task<HttpSilo> StartAsync(StorageProvider provider, TimeProvider? clock, params string[] settings) =>
        StartWithServicesAsync(provider, services =>
        {
            if (clock is not null)
            {
                services.AddKeyedSingleton(ObjectStoreClock.ServiceKey, clock);
            }
        }, settings);

    /// <summary>
    /// Starts a silo with services of the test's own added last (a log capture, a hosted service); the task completes when
    /// the host has started.
    /// </summary>
    public static async Task<HttpSilo> StartWithServicesAsync(StorageProvider provider, Action<IServiceCollection> configureServices, params string[] settings)
    {
        var symmetricKey = RandomNumberGenerator.GetBytes(32);
        var rsa = RSA.Create(2048);
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string? dataFolder = null;
        string? connectionString = null;
        var storage = new List<string>();
        if (provider == StorageProvider.PostgreSql)
        {
            connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
            // A silo the test starts on this machine for its HTTP API; mutual TLS is the subject of GatewayTlsTests, not of every HTTP test.
            storage.AddRange(["--ObjectStore:Provider=PostgreSql", $"--ObjectStore:ConnectionString={connectionString}", "--Cluster:AdvertisedHost=127.0.0.1",
                "--Cluster:AllowUnauthenticatedGatewayOnPrivateNetwork=true"]);
        }
        else
        {
            dataFolder = Directory.CreateTempSubdirectory("objectstore-http-").FullName;
            storage.Add($"--ObjectStore:DataFolder={dataFolder}");
        }

        string[] arguments =
        [
            "--Urls=http://127.0.0.1:0",
            $"--Cluster:SiloPort={FreePorts.Next()}",
            $"--Cluster:GatewayPort={FreePorts.Next()}",
            $"--Cluster:ClusterId=http-{Guid.NewGuid():N}",
            $"--Authentication:Issuer={Issuer}",
            $"--Authentication:SigningKey={Convert.ToBase64String(symmetricKey)}",
            $"--Authentication:PublicKeys:0={rsa.ExportSubjectPublicKeyInfoPem()}",
            $"--Authentication:PublicKeys:1={ec.ExportSubjectPublicKeyInfoPem()}",
            "--Logging:LogLevel:Default=Warning",
            .. storage,
            .. settings,
        ];
        var app = SiloHost.Create(arguments, configureServices);
        await app.StartAsync();
        return new HttpSilo(app, dataFolder, connectionString, symmetricKey, rsa, ec);
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>A client that calls as <paramref name="userId"/>, with a valid token signed by the symmetric key.</summary>
    public HttpClient As(long userId) => WithToken(Token(userId));

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A token for <paramref name="subject"/>; every part can be made wrong to test its refusal.</summary>
    public string Token(
        long userId, SecurityKey? key = null, string? algorithm = null, string issuer = Issuer, TimeSpan? expiresIn = null, string? subject = null, string? audience = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject ?? userId.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now,
            NotBefore = expires < now ? expires.AddMinutes(-10) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(key ?? SymmetricKey, algorithm ?? SecurityAlgorithms.HmacSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_dataFolder is not null)
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }

}

/// <summary>An HTTP silo on SQLite, shared by the classes of <see cref="SharedFixtures.SqliteHttpSilo"/>.</summary>
public sealed class HttpSiloFixture : IAsyncLifetime
{
    /// <summary>The silo's one administrator (<c>ObjectStore:Administrators:UserIds</c>), who may scrape its metrics.</summary>
    public const long Administrator = 1004;

    private HttpSilo? _silo;

    public HttpSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync() => _silo = await HttpSilo.StartAsync(StorageProvider.Sqlite,
        "--ObjectStore:MaxObjectBytes=65536", "--Http:MaxRequestBytes=131072", "--Http:MaxTransactionRequestBytes=1048576",
        $"--ObjectStore:Administrators:UserIds:0={Administrator}");

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
