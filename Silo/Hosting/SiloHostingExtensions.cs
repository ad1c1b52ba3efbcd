using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using ObjectStore.Hosting;
using ObjectStore.Storage;
using Orleans.Configuration;

namespace ObjectStore.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// The object store on the database the configuration names (as a TestingHost silo gets it too), and clustering
    /// that matches that database, from the <c>Cluster</c> section: localhost for SQLite, ADO.NET membership on the
    /// store's database for PostgreSQL, listening on every address and advertising <c>Cluster:AdvertisedHost</c>.
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
        }
        else
        {
            silo.UseLocalhostClustering();
        }

        // After the clustering's own defaults, so that the configured ports win.
        silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<SiloClusterOptions>>((endpoints, cluster) =>
        {
            endpoints.SiloPort = cluster.Value.SiloPort;
            endpoints.GatewayPort = cluster.Value.GatewayPort;
        });
        return silo;
    }
}
