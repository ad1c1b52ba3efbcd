using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ObjectStore.Hosting;
using ObjectStore.Storage;
using Orleans.Configuration;

namespace ObjectStore.Silo.Hosting;

/// <summary>
/// Once the silo has started, one line says where it listens (the addresses the server bound, not the ones asked
/// for: a port 0 becomes a port) and which database it uses (never the password), with the data folder on the embedded
/// default, the only one that keeps its data there.
/// </summary>
public sealed partial class StartupReport(
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<StorageOptions> storage,
    IOptions<EndpointOptions> endpoints,
    ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        LogStarted(string.Join(", ", addresses), endpoints.Value.SiloPort, endpoints.Value.GatewayPort,
            ObjectStoreSiloBuilderExtensions.DescribeDatabase(storage.Value));
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "The object store listens on {Addresses} (HTTP), silo port {SiloPort}, gateway port {GatewayPort}; database: {Database}")]
    private partial void LogStarted(string addresses, int siloPort, int gatewayPort, string database);
}
