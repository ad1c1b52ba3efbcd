using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using ObjectStore.Administration;
using ObjectStore.Hosting;
using ObjectStore.Partitions;
using ObjectStore.Silo.Http;
using ObjectStore.Silo.Http.Authentication;
using ObjectStore.Telemetry;
using OpenTelemetry.Exporter;
using Orleans.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ObjectStore.Silo.Telemetry;

/// <summary>
/// OpenTelemetry for the silo: metrics of the store, Orleans, ASP.NET Core, the .NET runtime and Npgsql, scraped by
/// Prometheus at <see cref="TelemetryOptions.PrometheusPath"/> and pushed over OTLP when an endpoint is configured; traces
/// (HTTP requests, grain calls, commits and database commands) over OTLP only, since a trace needs somewhere to go.
/// </summary>
public static class SiloTelemetry
{
    /// <summary>The listener name OpenTelemetry registers with the host's metrics system.</summary>
    private const string OpenTelemetryListener = "OpenTelemetry";

    /// <summary>
    /// Meters each host makes through its own <see cref="System.Diagnostics.Metrics.IMeterFactory"/>: enabled for this host's
    /// meters only (<see cref="MeterScope.Local"/>), so that silos sharing a process report apart.
    /// </summary>
    private static readonly string[] HostMeters = [ObjectStoreMetrics.MeterName, WriteBatchMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore"];

    /// <summary>Meters that exist once per process (Npgsql's; the runtime's has its own instrumentation).</summary>
    private static readonly string[] ProcessMeters = ["Npgsql"];

    public static WebApplicationBuilder AddObjectStoreTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TelemetryOptions, TelemetryOptionsValidator>(TelemetryOptions.SectionName);
        builder.Services.CountRefusals();
        var settings = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var scraped = settings.PrometheusPath.Length > 0;
        var pushed = settings.OtlpEndpoint is not null || !string.IsNullOrWhiteSpace(builder.Configuration[TelemetryOptions.OtlpEndpointVariable]);
        if (!scraped && !pushed)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("objectstore"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddRuntimeInstrumentation().AddMeter(ProcessMeters);
            if (scraped)
            {
                // Every scrape collects afresh: a cached answer would hide what moved since the last one.
                metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (pushed)
            {
                metrics.AddOtlpExporter(otlp => UseEndpoint(otlp, settings));
            }
        });
        builder.Services.AddMetrics(metrics =>
        {
            foreach (var meter in HostMeters)
            {
                metrics.EnableMetrics(meter, instrumentName: null, listenerName: OpenTelemetryListener, scopes: MeterScope.Local);
            }
        });
        if (pushed)
        {
            telemetry.WithTracing(tracing => tracing.AddObjectStoreInstrumentation().AddOtlpExporter(otlp => UseEndpoint(otlp, settings)));
        }

        return builder;
    }

    /// <summary>
    /// The spans of a request through the silo: ASP.NET Core's, Orleans' grain calls (their context crosses silos with
    /// the call), the store's commits and Npgsql's database commands. Public so that a host or a test can add an exporter.
    /// </summary>
    public static TracerProviderBuilder AddObjectStoreInstrumentation(this TracerProviderBuilder tracing) => tracing
        .AddAspNetCoreInstrumentation()
        .AddSource(ObjectStoreTracing.SourceName, "Npgsql")
        .AddSource(ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.RuntimeActivitySourceName, ActivitySources.StorageActivitySourceName);

    /// <summary>Maps the Prometheus scrape endpoint, if one is configured, behind an administrator's token unless told otherwise.</summary>
    public static WebApplication MapObjectStoreMetrics(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (settings.PrometheusPath.Length == 0)
        {
            return app;
        }

        var endpoint = app.MapPrometheusScrapingEndpoint(settings.PrometheusPath);
        if (settings.PrometheusRequiresAdministrator)
        {
            endpoint.RequireAuthorization(policy => policy.RequireAssertion(context =>
                context.Resource is HttpContext http && http.AuthenticatedUserId() is { } userId
                && http.RequestServices.GetRequiredService<IOptions<AdministratorOptions>>().Value.IsAdministrator(userId)));
        }

        app.Logger.LogInformation("Metrics are served for Prometheus at {Path}, {Access}", settings.PrometheusPath,
            settings.PrometheusRequiresAdministrator ? "to administrators' bearer tokens" : "to anyone who reaches the port");
        return app;
    }

    /// <summary>Counts every problem answered by its code, after the HTTP API has given it one.</summary>
    private static IServiceCollection CountRefusals(this IServiceCollection services) =>
        services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var customize = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                if (context.ProblemDetails.Extensions.TryGetValue("code", out var code) && code is string refusal)
                {
                    context.HttpContext.RequestServices.GetRequiredService<ObjectStoreMetrics>().Refused(refusal);
                }
            };
        });

    private static void UseEndpoint(OtlpExporterOptions otlp, TelemetryOptions settings)
    {
        if (settings.OtlpEndpoint is { } endpoint)
        {
            otlp.Endpoint = endpoint;
        }
    }
}
