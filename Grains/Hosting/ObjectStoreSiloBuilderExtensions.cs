using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectStore.Condensation;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Storage;
using Orleans.Configuration;
using Orleans.Providers;

namespace ObjectStore.Hosting;

public static class ObjectStoreSiloBuilderExtensions
{
    /// <summary>
    /// Hosts the object store's grains in this silo: its storage (schema migrated at start-up, before the silo joins
    /// its cluster), the Orleans grain storage and reminders on the same database. Clustering stays the host's choice.
    /// Throws <see cref="OrleansConfigurationException"/> naming every problem when the options are invalid.
    /// </summary>
    public static ISiloBuilder AddObjectStore(this ISiloBuilder builder, Action<ObjectStoreOptions> configure)
    {
        var options = new ObjectStoreOptions();
        configure(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new OrleansConfigurationException("Invalid object store configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        var connectionString = options.ResolveConnectionString();
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(_ => StorageDialect.Create(options.Provider, connectionString));
        builder.Services.AddSingleton<IObjectStorage, RelationalObjectStorage>();
        builder.Services.AddSingleton<IFeedStorage, RelationalFeedStorage>();
        builder.Services.AddSingleton<ICondensationStorage, RelationalCondensationStorage>();
        builder.Services.AddSingleton<CondensationRules>();
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton(new ObjectParser(options.MaxObjectBytes));
        builder.Services.AddSingleton<CommitPublisher>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ObjectStoreLifecycle>();
        builder.AddIncomingGrainCallFilter<StorageFailureFilter>();

        // The fast path from partition writers to feeds. Memory streams lose what a dying silo held; the feeds
        // read the partition logs for that. Their subscriptions are kept in the store's database.
        builder.AddMemoryStreams(PartitionLogStream.ProviderName, streams => streams.ConfigurePullingAgent(agent =>
            agent.Configure(pulling => pulling.GetQueueMsgsTimerPeriod = PartitionLogStream.PollingPeriod)));
        var grainStorages = new[] { ObjectStoreOptions.GrainStorageName, ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME };

        if (options.Provider == StorageProvider.PostgreSql)
        {
            foreach (var name in grainStorages)
            {
                builder.AddAdoNetGrainStorage(name, storage =>
                {
                    storage.Invariant = "Npgsql";
                    storage.ConnectionString = connectionString;
                });
            }

            builder.UseAdoNetReminderService(reminders =>
            {
                reminders.Invariant = "Npgsql";
                reminders.ConnectionString = connectionString;
            });
        }
        else
        {
            Directory.CreateDirectory(Path.GetFullPath(options.DataFolder));
            foreach (var name in grainStorages)
            {
                builder.AddAdoNetGrainStorage(name, storage =>
                {
                    storage.Invariant = "System.Data.SQLite"; // Orleans' name for SQLite; it loads Microsoft.Data.Sqlite.
                    storage.ConnectionString = connectionString;
                });
            }


            // One silo: reminders need no table of their own, the purge reminder is registered again at every start.
            builder.UseInMemoryReminderService();
        }

        return builder;
    }
}
