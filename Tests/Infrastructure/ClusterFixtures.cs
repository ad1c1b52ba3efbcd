using ObjectStore.Storage;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>One cluster per test class, started before its first test and stopped after its last.</summary>
public abstract class ClusterFixture(StorageProvider provider) : IAsyncLifetime
{
    private StoreCluster? _store;

    public StoreCluster Store => _store ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _store = await StoreCluster.StartAsync(provider);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}

public sealed class SqliteClusterFixture() : ClusterFixture(StorageProvider.Sqlite);

public sealed class PostgresClusterFixture() : ClusterFixture(StorageProvider.PostgreSql);
