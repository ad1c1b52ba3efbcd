namespace ObjectStore.Silo.Telemetry;

/// <summary>
/// Where the silo's metrics and traces go (section <c>Telemetry</c>); checked by <see cref="TelemetryOptionsValidator"/>.
/// Nothing is collected for an exporter that is off: no scrape path and no OTLP endpoint means no meter listener and
/// no span is made.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The environment variable OpenTelemetry's exporters read; set, it turns OTLP on as the setting does.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The path Prometheus scrapes the silo's metrics at; empty turns the endpoint off.</summary>
    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>
    /// Whether a scrape needs an administrator's bearer token (<c>ObjectStore:Administrators:UserIds</c>). The figures tell
    /// an outsider how the store is used (request rates, refusals, feed backlogs), and the silo's port faces clients.
    /// </summary>
    public bool PrometheusRequiresAdministrator { get; set; } = true;

    /// <summary>
    /// An OpenTelemetry collector to push metrics and traces to over OTLP (gRPC, or what <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>
    /// names); <see cref="OtlpEndpointVariable"/> does the same when this is unset. Unset: no OTLP export and no tracing.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }
}
