using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ObjectStore.Hosting;
using ObjectStore.Security;
using ObjectStore.Storage;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Statistics;

namespace ObjectStore.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// The object store on the database the configuration names (as a TestingHost silo gets it too), and clustering
    /// that matches that database, from the <c>Cluster</c> section: localhost for SQLite, listening on loopback only;
    /// ADO.NET membership on the store's database for PostgreSQL, listening on every address and advertising
    /// <c>Cluster:AdvertisedHost</c>, with mutual TLS (<c>Cluster:Tls</c>) unless the network is declared private.
    /// </summary>
    public static ISiloBuilder AddObjectStoreSilo(this ISiloBuilder silo)
    {
        silo.AddObjectStore().UseConfiguredDatabase();
        silo.Services.AddValidatedOptions<SiloClusterOptions, SiloClusterOptionsValidator>(SiloClusterOptions.SectionName);
        silo.Services.AddOptions<ClusterOptions>().Configure<IOptions<SiloClusterOptions>>((orleans, cluster) =>
        {
            orleans.ClusterId = cluster.Value.ClusterId;
            orleans.ServiceId = cluster.Value.ServiceId;
        });

        if (silo.Configuration.ConfiguredStorageProvider() == StorageProvider.PostgreSql)
        {
            silo.UseAdoNetClustering(clustering => clustering.Configure<IOptions<StorageOptions>>((options, storage) =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = storage.Value.ConnectionString;
            }));
            silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<SiloClusterOptions>>((endpoints, cluster) =>
            {
                var host = cluster.Value.AdvertisedHost ?? Dns.GetHostName();
                endpoints.AdvertisedIPAddress = Dns.GetHostAddresses(host, AddressFamily.InterNetwork).FirstOrDefault()
                    ?? throw new InvalidOperationException($"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.AdvertisedHost)} {host} has no IPv4 address.");
                endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.Value.SiloPort);
                endpoints.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.Value.GatewayPort);
            });
            silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloClusterOptions>, ClusterGatewayTrustValidator>());
            silo.Services.AddHostedService<UnauthenticatedGatewayWarning>();
        }
        else
        {
            silo.UseLocalhostClustering();

            // UseLocalhostClustering listens where it advertises, loopback; said here rather than left to its defaults,
            // because a client of the gateway acts as any user it names and only this machine may be that client.
            silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<SiloClusterOptions>>((endpoints, cluster) =>
            {
                endpoints.AdvertisedIPAddress = IPAddress.Loopback;
                endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, cluster.Value.SiloPort);
                endpoints.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback, cluster.Value.GatewayPort);
            });

            // One silo places every grain on itself, so the load statistics Orleans publishes every second for placement
            // have no reader; publishing them once a minute took an idle silo from 2.25 % to 1.85 % of a core
            // (scripts/idle-cpu.sh, silos measured side by side). A cluster keeps the default: resource-optimised placement needs fresh figures.
            silo.Services.Configure<DeploymentLoadPublisherOptions>(publisher => publisher.DeploymentLoadPublisherRefreshTime = TimeSpan.FromMinutes(1));

            // One silo probes no other, so its health monitor need not sample the thread pool ten times a second for
            // probes: without the sampling an idle silo took 0.62-0.71 % of a core rather than 0.98-1.10 % (scripts/idle-cpu.sh,
            // three runs each side by side). A cluster keeps the sampling (SingleSiloHealthMonitorClock).
            silo.Services.UseSingleSiloHealthMonitorClock();

            // Nor need it have the runtime poll its counters every second for a CPU figure it reads once a minute (the
            // .NET Counter Poller thread, 5-9 ticks a minute idle); a cluster's placement weighs Orleans' smoothed figures.
            silo.Services.Replace(ServiceDescriptor.Singleton<IEnvironmentStatisticsProvider, SingleSiloEnvironmentStatistics>());

            // Nor need it tell itself it is alive every 30 s and read back its own in-memory membership table every 60 s:
            // nobody else reads or writes that table, and each round's code was recompiled by the runtime 15 and 30
            // minutes in, as it reached the call counts that promote it. A cluster keeps Orleans' periods: its silos
            // learn of each other's deaths and joins through the table.
            silo.Services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<SiloClusterOptions>>((membership, cluster) =>
            {
                membership.IAmAliveTablePublishTimeout = cluster.Value.SingleSiloMembershipInterval;
                membership.TableRefreshTimeout = cluster.Value.SingleSiloMembershipInterval;
            });
        }

        // After the clustering's own defaults, so that the configured ports win.
        silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<SiloClusterOptions>>((endpoints, cluster) =>
        {
            endpoints.SiloPort = cluster.Value.SiloPort;
            endpoints.GatewayPort = cluster.Value.GatewayPort;
        });

        silo.AddClusterTls();
        return silo;
    }

    /// <summary>
    /// Builds Orleans' local silo health monitor (an internal type, found by name) on <see cref="SingleSiloHealthMonitorClock"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Orleans registers no such monitor any more: an upgrade must look again.</exception>
    private static void UseSingleSiloHealthMonitorClock(this IServiceCollection services)
    {
        const string monitorType = "Orleans.Runtime.MembershipService.LocalSiloHealthMonitor";
        var monitor = services.SingleOrDefault(service => !service.IsKeyedService && service.ServiceType.FullName == monitorType)?.ServiceType
            ?? throw new InvalidOperationException($"Orleans registers no {monitorType}; the single silo's health monitor clock needs another way in.");
        services.Replace(ServiceDescriptor.Singleton(monitor, provider => ActivatorUtilities.CreateInstance(provider, monitor, new SingleSiloHealthMonitorClock(
            provider.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Membership),
            provider.GetRequiredService<ILogger<SingleSiloHealthMonitorClock>>()))));
    }

    /// <summary>
    /// Mutual TLS on the gateway and between silos when <c>Cluster:Tls</c> names a certificate, on either database: read
    /// when the silo opens its connections, after the settings were checked.
    /// </summary>
    private static void AddClusterTls(this ISiloBuilder silo)
    {
        silo.Services.AddValidatedOptions<ClusterTlsOptions, ClusterTlsOptionsValidator>(ClusterTlsOptions.SectionName);
        silo.Services.AddOptions<SiloConnectionOptions>().Configure<IOptions<ClusterTlsOptions>>((connections, settings) =>
        {
            if (!settings.Value.IsEnabled)
            {
                return;
            }

            var tls = new TlsOptions();
            ClusterCertificates.Load(settings.Value).ConfigureMutualTls(tls);
            connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(tls));
            connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(tls));
            connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(tls));
        });
    }
}
