using ObjectStore.Storage;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// A <see cref="KeyPublisher"/> and an HTTP silo on SQLite that takes keys from it: a subclass publishes its keys and
/// names the silo's token settings, given the publisher's addresses.
/// </summary>
public abstract class PublishedKeysSiloFixture : IAsyncLifetime
{
    private HttpSilo? _silo;
    private KeyPublisher? _publisher;

    public HttpSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public KeyPublisher Publisher => _publisher ?? throw new InvalidOperationException("The key publisher has not started.");

    public async Task InitializeAsync()
    {
        _publisher = await KeyPublisher.StartAsync();
        _silo = await HttpSilo.StartAsync(StorageProvider.Sqlite, SettingsFor(_publisher));
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }
    }

    /// <summary>Publishes the keys the silo starts with, and returns the silo's settings.</summary>
    protected abstract string[] SettingsFor(KeyPublisher publisher);
}
