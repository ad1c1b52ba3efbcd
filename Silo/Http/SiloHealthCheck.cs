using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ObjectStore.Silo.Http;

public sealed class SiloHealthCheck(ISiloStatusOracle silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(silo.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy("The silo is an active member of its cluster.")
            : HealthCheckResult.Unhealthy($"The silo is {silo.CurrentStatus}, not active."));
}
