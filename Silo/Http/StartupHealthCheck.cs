using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ObjectStore.Silo.Http;

/// <summary>
/// Healthy once the host has started: every hosted service, the Orleans silo among them, whose start migrates the schema
/// before it joins its cluster. It stays healthy afterwards: readiness, not this, follows the database and the cluster.
/// </summary>
public sealed class StartupHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
            ? HealthCheckResult.Healthy("The silo has started.")
            : HealthCheckResult.Unhealthy("The silo is starting."));
}
