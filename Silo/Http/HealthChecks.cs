using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ObjectStore.Silo.Http;

/// <summary>
/// <c>/health/startup</c> answers 200 once the silo has started (Orleans running, the schema migrated), 503 before;
/// <c>/health/live</c> answers while the process serves HTTP; <c>/health/ready</c> only while this silo is an active
/// member of its cluster and its database answers, so a load balancer sends requests only where they can succeed.
/// </summary>
public static class HealthChecks
{
    public const string StartupPath = "/health/startup";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";
    private const string StartupTag = "startup";

    public static IServiceCollection AddObjectStoreHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StartupHealthCheck>("startup", tags: [StartupTag])
            .AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag])
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    public static IEndpointRouteBuilder MapObjectStoreHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(StartupPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(StartupTag), ResponseWriter = WriteAsync })
            .WithTags("health").WithSummary("Start-up: the silo has started (Orleans running, the schema migrated)");
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithTags("health").WithSummary("Liveness: the process serves HTTP");
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .WithTags("health").WithSummary("Readiness: the silo is an active cluster member and its database answers");
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(entry => entry.Key, entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }
}
