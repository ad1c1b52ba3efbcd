using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectStore.Condensation;
using ObjectStore.Expiry;
using ObjectStore.Storage;

namespace ObjectStore.Hosting;

/// <summary>
/// Migrates the schema before the silo's runtime starts (clustering, grain state and reminders need their tables),
/// and starts the purge and garbage collection reminders once the silo is active.
/// </summary>
internal sealed partial class ObjectStoreLifecycle(
    SchemaMigrator migrator,
    IOptions<StorageOptions> options,
    IGrainFactory grains,
    ILogger<ObjectStoreLifecycle> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe<ObjectStoreLifecycle>(ServiceLifecycleStage.RuntimeInitialize - 100, MigrateAsync);
        lifecycle.Subscribe<ObjectStoreLifecycle>(ServiceLifecycleStage.Active, StartRemindersAsync);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var store = options.Value;
        LogStarting(ObjectStoreSiloBuilderExtensions.DescribeDatabase(store));
        await migrator.MigrateAsync(cancellationToken);
    }

    private async Task StartRemindersAsync(CancellationToken cancellationToken)
    {
        await grains.GetGrain<IExpiryGrain>(0).StartAsync();
        await grains.GetGrain<ICondensationCollectorGrain>(0).StartAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Object store on {Database}: migrating its schema.")]
    private partial void LogStarting(string database);
}
