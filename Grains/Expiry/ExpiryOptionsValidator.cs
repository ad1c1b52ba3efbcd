using Microsoft.Extensions.Options;

namespace ObjectStore.Expiry;

/// <summary>Refuses a purge interval Orleans reminders cannot keep, naming its key.</summary>
public sealed class ExpiryOptionsValidator : IValidateOptions<ExpiryOptions>
{
    public ValidateOptionsResult Validate(string? name, ExpiryOptions options) =>
        options.PurgeInterval < TimeSpan.FromMinutes(1)
            ? ValidateOptionsResult.Fail($"{ExpiryOptions.SectionName}:{nameof(options.PurgeInterval)} must be at least 00:01:00 (a reminder period), was {options.PurgeInterval}.")
            : ValidateOptionsResult.Success;
}
