using Microsoft.Extensions.Options;

namespace ObjectStore.Administration;

/// <summary>Refuses an administrators' list naming an id no user can have, naming the entry.</summary>
public sealed class AdministratorOptionsValidator : IValidateOptions<AdministratorOptions>
{
    public ValidateOptionsResult Validate(string? name, AdministratorOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        for (var index = 0; index < options.UserIds.Count; index++)
        {
            if (options.UserIds[index] <= 0)
            {
                result.AddError($"{AdministratorOptions.SectionName}:{nameof(options.UserIds)}:{index} must be a positive user id, was {options.UserIds[index]}.");
            }
        }

        return result.Build();
    }
}
