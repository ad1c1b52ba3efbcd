using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ObjectStore.Client;
using ObjectStore.Security;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;
using Orleans.Configuration;
using Orleans.Runtime.Messaging;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// A silo with mutual TLS (<c>Cluster:Tls</c>) lets in only Orleans clients that present a certificate its authority
/// issued, and such a client accepts only a silo whose certificate that authority issued. Every refusal is the
/// client's failure to connect, so nothing waits on time.
/// </summary>
[Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class GatewayTlsTests(GatewayTlsTests.TlsSiloFixture fixture) : IClassFixture<GatewayTlsTests.TlsSiloFixture>
{
    private const long User = 4711;

    [Fact]
    public async Task A_client_without_a_certificate_cannot_connect()
    {
        await Assert.ThrowsAsync<ConnectionFailedException>(() => ConnectAsync(tls: null));
    }

    [Fact]
    public async Task A_client_whose_certificate_another_authority_issued_cannot_connect()
    {
        var certificate = fixture.Stranger.Issue("stranger-service");

        await Assert.ThrowsAsync<ConnectionFailedException>(() => ConnectAsync(FromPem(certificate, fixture.Authority)));
    }

    [Fact]
    public async Task A_client_with_a_certificate_the_cluster_authority_issued_calls_a_grain()
    {
        using var client = await ConnectAsync(FromPem(fixture.Authority.Issue("front-end"), fixture.Authority));

        var partition = await client.Services.GetRequiredService<ObjectStoreClient>().UpsertPartitionAsync(User, "tls");

        Assert.Equal(User, partition.Id.UserId);
    }

    [Fact]
    public async Task A_client_that_trusts_another_authority_refuses_the_silo()
    {
        var certificate = fixture.Authority.Issue("misconfigured-front-end");

        await Assert.ThrowsAsync<ConnectionFailedException>(() => ConnectAsync(FromPem(certificate, fixture.Stranger)));
    }

    [Fact]
    public async Task A_client_certificate_from_the_certificate_store_is_accepted()
    {
        var issued = fixture.Authority.Issue("stored-front-end");
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(issued.PfxPath, TestAuthority.Password, X509KeyStorageFlags.PersistKeySet);
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(certificate);
        try
        {
            using var client = await ConnectAsync(new ClusterTlsOptions { CertificateThumbprint = issued.Thumbprint, AuthorityPath = fixture.Authority.CertificatePath });

            Assert.Equal(User, (await client.Services.GetRequiredService<ObjectStoreClient>().UpsertPartitionAsync(User, "tls-store")).Id.UserId);
        }
        finally
        {
            store.Remove(certificate);
        }
    }

    private static ClusterTlsOptions FromPem(IssuedCertificate certificate, TestAuthority trusted) => new()
    {
        CertificatePath = certificate.PemPath,
        CertificateKeyPath = certificate.KeyPath,
        AuthorityPath = trusted.CertificatePath,
    };

    /// <summary>
    /// A front-end service's Orleans client of the silo's gateway, started: it has connected when this returns, and it
    /// throws on its first failure to connect instead of retrying for minutes.
    /// </summary>
    private async Task<IHost> ConnectAsync(ClusterTlsOptions? tls)
    {
        var silo = fixture.Silo.Services;
        var cluster = silo.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var gateway = new IPEndPoint(IPAddress.Loopback, silo.GetRequiredService<IOptions<EndpointOptions>>().Value.GatewayPort);
        var host = new HostBuilder().UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateway)
                .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ServiceId))
                .UseConnectionRetryFilter((_, _) => Task.FromResult(false))
                .AddObjectStoreClient();
            if (tls is not null)
            {
                client.UseObjectStoreTls(tls);
            }
        }).Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>A silo whose certificate the cluster authority issued, from a PFX file, and an authority it does not trust.</summary>
    public sealed class TlsSiloFixture : IAsyncLifetime
    {
        private HttpSilo? _silo;

        public TestAuthority Authority { get; } = TestAuthority.Create("objectstore-cluster");

        public TestAuthority Stranger { get; } = TestAuthority.Create("someone-else");

        public HttpSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

        public async Task InitializeAsync()
        {
            var certificate = Authority.Issue("silo");
            _silo = await HttpSilo.StartAsync(StorageProvider.Sqlite,
                $"--Cluster:Tls:CertificatePath={certificate.PfxPath}",
                $"--Cluster:Tls:CertificatePassword={TestAuthority.Password}",
                $"--Cluster:Tls:AuthorityPath={Authority.CertificatePath}");
        }

        public async Task DisposeAsync()
        {
            if (_silo is not null)
            {
                await _silo.DisposeAsync();
            }

            Authority.Dispose();
            Stranger.Dispose();
        }
    }
}
