using Microsoft.Extensions.Options;

namespace ObjectStore.Silo.Hosting;

public sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    private static readonly TimeSpan Least = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Most = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, ShutdownOptions options) =>
        options.Timeout < Least || options.Timeout > Most
            ? ValidateOptionsResult.Fail($"{ShutdownOptions.SectionName}:{nameof(options.Timeout)} must be between {Least} and {Most}, was {options.Timeout}.")
            : ValidateOptionsResult.Success;
}
