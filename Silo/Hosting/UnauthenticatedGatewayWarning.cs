using Microsoft.Extensions.Options;
using ObjectStore.Security;

namespace ObjectStore.Silo.Hosting;

/// <summary>
/// Says at start, as a warning, that a cluster silo runs without mutual TLS because its settings declare the network
/// private: the one state in which whoever reaches the gateway can act as any user, so it must not pass unnoticed.
/// </summary>
public sealed partial class UnauthenticatedGatewayWarning(
    IOptions<SiloClusterOptions> cluster, IOptions<ClusterTlsOptions> tls, ILogger<UnauthenticatedGatewayWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!tls.Value.IsEnabled && cluster.Value.AllowUnauthenticatedGatewayOnPrivateNetwork)
        {
            LogUnauthenticated(cluster.Value.GatewayPort, cluster.Value.SiloPort);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, EventName = "UnauthenticatedGateway", Level = LogLevel.Warning, Message =
        "Cluster:AllowUnauthenticatedGatewayOnPrivateNetwork is set and Cluster:Tls names no certificate: whoever reaches " +
        "gateway port {GatewayPort} can act as any user, and whoever reaches silo port {SiloPort} can join the cluster.")]
    private partial void LogUnauthenticated(int gatewayPort, int siloPort);
}
