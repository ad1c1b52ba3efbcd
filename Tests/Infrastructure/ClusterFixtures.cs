using ObjectStore.Storage;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// A cluster, started before the first test that uses it and stopped after the last: shared by the classes of a
/// collection (<see cref="SharedFixtures"/>), or one class's own (<c>IClassFixture</c>).
/// </summary>
/// <param name="settings">More configuration of the silos, for a class whose tests need other settings.</param>
/// <param name="silos">How many silos, for a class whose tests need grains on different silos.</param>
public abstract class ClusterFixture(StorageProvider provider, IReadOnlyDictionary<string, string>? settings = null, int silos = 1) : IAsyncLifetime
{
    private StoreCluster? _store;

    public StoreCluster Store => _store ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _store = await StoreCluster.StartAsync(provider, silos: silos, settings: settings);

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
