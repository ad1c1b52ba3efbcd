using Microsoft.Extensions.Options;

namespace ObjectStore.Objects;

/// <summary>Refuses object limits the store cannot serve, naming each by its key.</summary>
public sealed class ObjectLimitsOptionsValidator : IValidateOptions<ObjectLimitsOptions>
{
    private const string Section = ObjectLimitsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ObjectLimitsOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.MaxObjectBytes is < 1024 or > 64 * 1024 * 1024)
        {
            result.AddError($"{Section}:{nameof(options.MaxObjectBytes)} must be between 1024 and 67108864, was {options.MaxObjectBytes}.");
        }

        if (options.MaxTransactionObjects is < 1 or > 10_000)
        {
            result.AddError($"{Section}:{nameof(options.MaxTransactionObjects)} must be between 1 and 10000, was {options.MaxTransactionObjects}.");
        }

        return result.Build();
    }
}
