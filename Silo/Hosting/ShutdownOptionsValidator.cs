using Microsoft.Extensions.Options;

namespace ObjectStore.Silo.Hosting;

/// <summary>
/// Refuses a <c>Shutdown:Timeout</c> too short for requests in flight to finish and grains to be handed over, or so long
/// that an orchestrator's grace period would end it first anyway.
/// </summary>
public sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    private static readonly TimeSpan Least = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Most = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, ShutdownOptions options) =>
        options.Timeout < Least || options.Timeout > Most
            ? ValidateOptionsResult.Fail($"{ShutdownOptions.SectionName}:{nameof(options.Timeout)} must be between {Least} and {Most}, was {options.Timeout}.")
            : ValidateOptionsResult.Success;
}
