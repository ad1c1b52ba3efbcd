using System.Net;
using ObjectStore.Hosting;
using ObjectStore.Storage;
using Orleans.Configuration;

namespace ObjectStore.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// Reads the <c>ObjectStore</c> and <c>Cluster</c> sections and configures the silo: the object store, and
    /// clustering that matches the database (localhost for SQLite, ADO.NET membership for PostgreSQL).
    /// <paramref name="adjust"/> runs last, on the options read from configuration.
    /// </summary>
    public static ISiloBuilder ConfigureObjectStoreSilo(this ISiloBuilder silo, IConfiguration configuration, Action<ObjectStoreOptions>? adjust = null)
    {
        var store = configuration.GetSection(ObjectStoreOptions.SectionName).Get<ObjectStoreOptions>() ?? new ObjectStoreOptions();
        var cluster = InvalidConfigurationException.Read<SiloClusterOptions>(configuration, SiloClusterOptions.SectionName, options => options.Validate());

        silo.AddObjectStore(options =>
        {
            options.Provider = store.Provider;
            options.ConnectionString = store.ConnectionString;
            options.DataFolder = store.DataFolder;
            options.MaxObjectBytes = store.MaxObjectBytes;
            options.MaxTransactionObjects = store.MaxTransactionObjects;
            options.PurgeInterval = store.PurgeInterval;
            options.Feeds = store.Feeds;
            options.Condensation = store.Condensation;
            adjust?.Invoke(options);
        });
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });

        if (store.Provider == StorageProvider.PostgreSql)
        {
            silo.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = "Npgsql";
                clustering.ConnectionString = store.ConnectionString;
            });
            silo.ConfigureEndpoints(cluster.AdvertisedHost ?? Dns.GetHostName(), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        return silo;
    }
}
