using Microsoft.Extensions.Options;
using ObjectStore.Silo.Http;

namespace ObjectStore.Silo.Telemetry;

/// <summary>Refuses a scrape path that is not a path of its own, and an OTLP endpoint that is not an http(s) address.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    private static readonly string[] TakenPaths = [HttpApi.BasePath, "/cds", "/health", HttpApi.OpenApiPath];

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        var path = options.PrometheusPath;
        if (path.Length > 0 && (!path.StartsWith('/') || path.Length == 1 || path.Any(character => char.IsWhiteSpace(character) || character is '?' or '#')))
        {
            result.AddError($"{TelemetryOptions.SectionName}:{nameof(options.PrometheusPath)} must be empty (no endpoint) or a path such as /metrics, was '{path}'.");
        }
        else if (TakenPaths.FirstOrDefault(taken => path.Equals(taken, StringComparison.OrdinalIgnoreCase) || path.StartsWith(taken + "/", StringComparison.OrdinalIgnoreCase)) is { } taken)
        {
            result.AddError($"{TelemetryOptions.SectionName}:{nameof(options.PrometheusPath)} {path} lies under {taken}, which the silo serves already.");
        }

        if (options.OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            result.AddError($"{TelemetryOptions.SectionName}:{nameof(options.OtlpEndpoint)} must be an http or https address such as http://collector:4317, was {endpoint}.");
        }

        return result.Build();
    }
}
