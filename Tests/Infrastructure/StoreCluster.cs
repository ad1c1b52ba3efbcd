using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ObjectStore.Client;
using ObjectStore.Hosting;
using ObjectStore.Storage;
using Orleans.TestingHost;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// A real Orleans TestingHost cluster hosting the store with <c>AddObjectStore</c> on a real database: a SQLite file
/// in a fresh temporary folder, or a fresh database on the throwaway PostgreSQL server.
/// Each silo's store gets a <see cref="FakeTimeProvider"/> as its clock, so that purge and feed tests can move time
/// (unless <see cref="SystemClockSetting"/> is set).
/// </summary>
public sealed class StoreCluster : IAsyncDisposable
{
    /// <summary>The SQLite database's folder when this cluster made it, to be removed with the cluster; null otherwise.</summary>
    private readonly string? _ownFolder;

    private StoreCluster(TestCluster cluster, StorageProvider provider, string connectionString, string? ownFolder)
    {
        Cluster = cluster;
        Provider = provider;
        ConnectionString = connectionString;
        Client = new ObjectStoreClient(cluster.Client);
        _ownFolder = ownFolder;
    }

    public TestCluster Cluster { get; }

    public StorageProvider Provider { get; }

    public string ConnectionString { get; }

    public ObjectStoreClient Client { get; }

    public static async Task<string> NewDatabaseAsync(StorageProvider provider) => provider switch
    {
        StorageProvider.PostgreSql => await (await PostgresServer.GetAsync()).CreateDatabaseAsync(),
        _ => $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("objectstore-sqlite-").FullName, "store.db")};Pooling=True;Foreign Keys=True",
    };

    /// <param name="settings">More configuration of the silos, such as <c>ObjectStore:Feeds:CatchUpInterval</c>.</param>
    public static async Task<StoreCluster> StartAsync(
        StorageProvider provider, string? connectionString = null, int silos = 1, int maxObjectBytes = 1024 * 1024, IReadOnlyDictionary<string, string>? settings = null)
    {
        // A database made here is this cluster's alone; one passed in may outlive it (a restart on the same file).
        var ownFolder = connectionString is null && provider == StorageProvider.Sqlite;
        connectionString ??= await NewDatabaseAsync(provider);
        var builder = new TestClusterBuilder((short)silos);
        builder.Properties["ObjectStore:Provider"] = provider.ToString();
        builder.Properties["ObjectStore:ConnectionString"] = connectionString;
        builder.Properties["ObjectStore:MaxObjectBytes"] = maxObjectBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new StoreCluster(cluster, provider, connectionString,
            ownFolder ? Path.GetDirectoryName(new SqliteConnectionStringBuilder(connectionString).DataSource) : null);
    }

    /// <summary>A setting that keeps the silos on the system clock, for tests that need time to pass by itself.</summary>
    public const string SystemClockSetting = "Tests:SystemClock";

    /// <summary>The fake clock of the primary silo's store.</summary>
    public FakeTimeProvider Clock => (FakeTimeProvider)PrimaryServices.GetRequiredKeyedService<TimeProvider>(ObjectStoreClock.ServiceKey);

    /// <summary>Makes the news of commits to the version grains of chosen series fail, in the primary silo.</summary>
    public VersionNoticeDropper NoticeDropper => SiloService<VersionNoticeDropper>();

    /// <summary>Counts the fetches each feed's grain is answering, in the primary silo.</summary>
    public FeedFetchWatcher FetchWatcher => SiloService<FeedFetchWatcher>();

    public T SiloService<T>() where T : notnull => PrimaryServices.GetRequiredService<T>();

    private IServiceProvider PrimaryServices => Cluster.Primary is InProcessSiloHandle { SiloHost: { } host }
        ? host.Services
        : throw new InvalidOperationException("The primary silo is not running in this process.");

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        if (_ownFolder is not null)
        {
            // The stopped silos' pooled connections still hold the file open: closed first, so the folder goes on any system.
            using (var pooled = new SqliteConnection(ConnectionString))
            {
                SqliteConnection.ClearPool(pooled);
            }

            Directory.Delete(_ownFolder, recursive: true);
        }
    }

    /// <summary>The store as the Silo registers it, from the cluster's configuration; the TestCluster owns clustering.</summary>
    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddObjectStore().UseConfiguredDatabase();
            siloBuilder.Services.AddSingleton<VersionNoticeDropper>();
            siloBuilder.Services.AddSingleton<IIncomingGrainCallFilter>(services => services.GetRequiredService<VersionNoticeDropper>());
            siloBuilder.Services.AddSingleton<FeedFetchWatcher>();
            siloBuilder.Services.AddSingleton<IIncomingGrainCallFilter>(services => services.GetRequiredService<FeedFetchWatcher>());
            if (!siloBuilder.Configuration.GetValue<bool>(SystemClockSetting))
            {
                siloBuilder.Services.AddKeyedSingleton<TimeProvider>(ObjectStoreClock.ServiceKey, new FakeTimeProvider(DateTimeOffset.UtcNow));
            }
        }
    }
}
