using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectStore.Silo.Hosting;
using ObjectStore.Tests.Infrastructure;
using Orleans.Configuration;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// Where the real host (<see cref="SiloHost.Create"/>, not started) lets Orleans clients in: the embedded silo on loopback
/// only; a cluster silo on every address, so with mutual TLS, or with a warning when its network is declared private.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class GatewayBindingTests : IDisposable
{
    private const string Key = "--Authentication:SigningKey=MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";
    private static readonly string[] PostgreSql = ["--ObjectStore:Provider=PostgreSql", "--ObjectStore:ConnectionString=Host=db.example;Database=store", "--Cluster:AdvertisedHost=127.0.0.1"];

    private readonly TestAuthority _authority = TestAuthority.Create("binding-tests");
    private readonly EventRecorder _events = new();

    [Fact]
    public async Task The_embedded_silo_listens_for_silos_and_clients_on_loopback_only()
    {
        await using var app = Create("--Cluster:SiloPort=21111", "--Cluster:GatewayPort=40000");

        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 21111), endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 40000), endpoints.GatewayListeningEndpoint);
        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
    }

    [Fact]
    public async Task A_cluster_silo_on_a_network_declared_private_says_so_as_a_warning_at_start()
    {
        await using var app = Create([.. PostgreSql, "--Cluster:AllowUnauthenticatedGatewayOnPrivateNetwork=true"]);

        await StartWarningAsync(app);

        Assert.Equal(IPAddress.Any, app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.GatewayListeningEndpoint!.Address);
        Assert.Equal(1, _events.Count("UnauthenticatedGateway"));
    }

    [Fact]
    public async Task A_cluster_silo_with_mutual_tls_gives_no_warning()
    {
        var certificate = _authority.Issue("silo");
        await using var app = Create([.. PostgreSql, "--Cluster:AllowUnauthenticatedGatewayOnPrivateNetwork=true",
            $"--Cluster:Tls:CertificatePath={certificate.PemPath}", $"--Cluster:Tls:CertificateKeyPath={certificate.KeyPath}",
            $"--Cluster:Tls:AuthorityPath={_authority.CertificatePath}"]);

        await StartWarningAsync(app);

        Assert.Equal(0, _events.Count("UnauthenticatedGateway"));
    }

    public void Dispose() => _authority.Dispose();

    private static Task StartWarningAsync(WebApplication app) =>
        app.Services.GetServices<IHostedService>().OfType<UnauthenticatedGatewayWarning>().Single().StartAsync(CancellationToken.None);

    private WebApplication Create(params string[] settings) => SiloHost.Create(
        ["--Authentication:Issuer=tests", Key, $"--ObjectStore:DataFolder={Path.GetTempPath()}", .. settings],
        services => services.AddSingleton<ILoggerProvider>(new EventRecorderProvider(_events)));
}
