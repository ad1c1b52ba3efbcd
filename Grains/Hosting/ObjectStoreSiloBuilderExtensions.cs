using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ObjectStore.Administration;
using ObjectStore.Condensation;
using ObjectStore.Expiry;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using Npgsql;
using ObjectStore.Telemetry;

namespace ObjectStore.Hosting;

public static class ObjectStoreSiloBuilderExtensions
{
    /// <summary>The Orleans grain storage the store's grains keep their state in.</summary>
    public const string GrainStorageName = "objectstore";

    /// <summary>
    /// Hosts the object store's grains in this silo, with settings bound from the silo's configuration (sections
    /// <see cref="StorageOptions.SectionName"/>, <see cref="FeedOptions.SectionName"/> and
    /// <see cref="CondensationOptions.SectionName"/>) and checked when the silo starts. Choose the database next
    /// (<see cref="UseSqlite"/>, <see cref="UsePostgreSql"/> or <see cref="UseConfiguredDatabase"/>); clustering
    /// stays the host's choice.
    /// </summary>
    public static IObjectStoreBuilder AddObjectStore(this ISiloBuilder silo)
    {
        var services = silo.Services;
        services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(StorageOptions.SectionName);
        services.AddValidatedOptions<ObjectLimitsOptions, ObjectLimitsOptionsValidator>(ObjectLimitsOptions.SectionName);
        services.AddValidatedOptions<ExpiryOptions, ExpiryOptionsValidator>(ExpiryOptions.SectionName);
        services.AddValidatedOptions<FeedOptions, FeedOptionsValidator>(FeedOptions.SectionName);
        services.AddValidatedOptions<CondensationOptions, CondensationOptionsValidator>(CondensationOptions.SectionName);
        services.AddValidatedOptions<ReadOptions, ReadOptionsValidator>(ReadOptions.SectionName);
        services.AddValidatedOptions<WriteBatchOptions, WriteBatchOptionsValidator>(WriteBatchOptions.SectionName);
        services.AddValidatedOptions<AdministratorOptions, AdministratorOptionsValidator>(AdministratorOptions.SectionName);
        services.TryAddKeyedSingleton(ObjectStoreClock.ServiceKey, static (provider, _) => provider.GetRequiredService<TimeProvider>());

        services.AddSingleton<IObjectStorage, RelationalObjectStorage>();
        services.AddSingleton<ISequenceStorage, RelationalSequenceStorage>();
        services.AddSingleton<IFeedStorage, RelationalFeedStorage>();
        services.AddSingleton<ICondensationStorage, RelationalCondensationStorage>();
        services.AddSingleton<CondensationRules>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton(provider => new ObjectParser(provider.GetRequiredService<IOptions<ObjectLimitsOptions>>().Value.MaxObjectBytes));
        services.AddSingleton<CommitPublisher>();
        services.AddSingleton<CrossPartitionCommit>();
        services.AddSingleton<ObjectCache>();
        services.AddSingleton<WriteBatchMetrics>();
        services.AddMetrics();
        services.AddSingleton<ObjectStoreMetrics>();
        services.AddSingleton<ObjectStoreTracing>();
        services.AddSingleton(provider => new SiloCommitter(
            (units, cancellationToken) => provider.GetRequiredService<IObjectStorage>().CommitBatchAsync(units, writer: null, cancellationToken),
            provider.GetRequiredService<IOptions<WriteBatchOptions>>().Value,
            provider.GetRequiredService<WriteBatchMetrics>(),
            provider.GetRequiredService<ObjectStoreTracing>(),
            TimeProvider.System)); // Real time, not the store's clock: a gathering's delay is scheduling (see PartitionGrain).

        // The fast path from partition writers to feeds: each partition grain sends its followers a one-way message
        // per commit, pushed rather than polled, so an idle silo does no work. What a dying silo held is lost; the
        // feeds read the partition logs for that.
        services.AddSingleton<LocalPartitionFollowers>();
        services.AddSingleton<LocalPartitionPermissions>();
        services.AddSingleton<PartitionLogNotices>();
        services.AddSingleton<SharedPayloads>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ObjectStoreLifecycle>();
        silo.AddIncomingGrainCallFilter<StorageFailureFilter>();

        // A grain call carries its caller's span, so a request's trace goes on through the grains it calls, on any silo.
        // Without a trace listener the filters make no span.
        silo.AddActivityPropagation();
        return new ObjectStoreBuilder(silo);
    }

    /// <summary>
    /// The database <c>ObjectStore:Provider</c> names in <paramref name="configuration"/>, SQLite when it names none.
    /// It decides which services a silo registers, so a name that is neither is refused at once.
    /// </summary>
    /// <exception cref="OptionsValidationException">The setting names neither database.</exception>
    public static StorageProvider ConfiguredStorageProvider(this IConfiguration configuration)
    {
        const string key = $"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}";
        return configuration[key] switch
        {
            null or "" => StorageProvider.Sqlite,
            var name when Enum.TryParse<StorageProvider>(name, ignoreCase: true, out var provider) && Enum.IsDefined(provider) => provider,
            var name => throw new OptionsValidationException(key, typeof(StorageOptions), [$"{key} must be Sqlite or PostgreSql, was {name}."]),
        };
    }

    /// <summary>The database the silo's configuration names (<see cref="ConfiguredStorageProvider"/>).</summary>
    public static IObjectStoreBuilder UseConfiguredDatabase(this IObjectStoreBuilder store) =>
        store.Silo.Configuration.ConfiguredStorageProvider() == StorageProvider.PostgreSql ? store.UsePostgreSql() : store.UseSqlite();

    /// <summary>
    /// PostgreSQL at <c>ObjectStore:ConnectionString</c>, for clusters: the store's tables, and Orleans' grain state and
    /// reminders on the same database.
    /// </summary>
    public static IObjectStoreBuilder UsePostgreSql(this IObjectStoreBuilder store)
    {
        store.UseDatabase(StorageProvider.PostgreSql, "Npgsql");
        store.Silo.UseAdoNetReminderService(reminders => reminders.Configure<IOptions<StorageOptions>>((options, storage) =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = ConnectionStringOf(storage.Value);
        }));
        return store;
    }

    /// <summary>
    /// SQLite at <c>ObjectStore:ConnectionString</c>, or in a file in <c>ObjectStore:DataFolder</c>, for one silo: the
    /// store's tables and Orleans' grain state in the same file, reminders in memory.
    /// </summary>
    public static IObjectStoreBuilder UseSqlite(this IObjectStoreBuilder store)
    {
        // Orleans' name for SQLite; it loads Microsoft.Data.Sqlite.
        store.UseDatabase(StorageProvider.Sqlite, "System.Data.SQLite");

        // One silo: reminders need no table of their own, the purge reminder is registered again at every start.
        store.Silo.UseInMemoryReminderService();
        return store;
    }

    /// <summary>The connection string of the configured database, with the SQLite default (a file in the data folder) filled in.</summary>
    public static string ConnectionStringOf(StorageOptions options) => options.Provider switch
    {
        StorageProvider.Sqlite when string.IsNullOrWhiteSpace(options.ConnectionString) =>
            $"Data Source={Path.Combine(Path.GetFullPath(options.DataFolder), "objectstore.db")};Pooling=True;Foreign Keys=True",
        _ => options.ConnectionString ?? "",
    };

    /// <summary>
    /// The configured database for a log line: the SQLite file (and the data folder, when the file is the default one
    /// there), or the PostgreSQL host, port, database and user; never the password or other parts of the connection
    /// string. The data folder is named only where it holds the data: a PostgreSQL silo keeps nothing in it.
    /// </summary>
    public static string DescribeDatabase(StorageOptions options)
    {
        if (options.Provider == StorageProvider.PostgreSql)
        {
            var postgres = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            return $"PostgreSQL database {postgres.Database} on {postgres.Host}:{postgres.Port} as {postgres.Username}";
        }

        var file = $"SQLite file {Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionStringOf(options)).DataSource)}";
        return string.IsNullOrWhiteSpace(options.ConnectionString) ? $"{file} in data folder {Path.GetFullPath(options.DataFolder)}" : file;
    }

    /// <summary>
    /// The store's one data source, and the Orleans grain storage on it. The
    /// database chosen becomes <see cref="StorageOptions.Provider"/>, so that its settings are checked for it.
    /// </summary>
    private static void UseDatabase(this IObjectStoreBuilder store, StorageProvider provider, string adoNetInvariant)
    {
        store.Silo.Services.Configure<StorageOptions>(options => options.Provider = provider);
        store.Silo.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                Directory.CreateDirectory(Path.GetFullPath(options.DataFolder));
            }

            return StorageDialect.Create(provider, ConnectionStringOf(options));
        });

        store.Silo.AddAdoNetGrainStorage(GrainStorageName, grainStorage => grainStorage.Configure<IOptions<StorageOptions>>((options, storage) =>
        {
            options.Invariant = adoNetInvariant;
            options.ConnectionString = ConnectionStringOf(storage.Value);
        }));
    }
}
