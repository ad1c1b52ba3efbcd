using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ObjectStore.Storage;

namespace ObjectStore.Silo.Http;

public sealed class DatabaseHealthCheck(StorageDialect dialect) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{dialect.Provider} answers.");
        }
        catch (DbException e)
        {
            return HealthCheckResult.Unhealthy($"{dialect.Provider} does not answer: {e.Message}");
        }
    }
}
