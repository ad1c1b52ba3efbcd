using Microsoft.Extensions.Options;

namespace ObjectStore.Silo.Http;

/// <summary>Refuses body limits outside what a request can be read into, naming each by its key.</summary>
public sealed class HttpApiOptionsValidator : IValidateOptions<HttpApiOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpApiOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        foreach (var (setting, value) in new[] { (nameof(options.MaxRequestBytes), options.MaxRequestBytes), (nameof(options.MaxTransactionRequestBytes), options.MaxTransactionRequestBytes) })
        {
            if (value is < 1024 or > int.MaxValue)
            {
                result.AddError($"{HttpApiOptions.SectionName}:{setting} must be between 1024 and {int.MaxValue} bytes, was {value}.");
            }
        }

        return result.Build();
    }
}
