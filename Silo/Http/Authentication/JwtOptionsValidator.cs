using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>Refuses token settings that would let no token (or any token) through, naming each by its key.</summary>
public sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    private const string Section = JwtOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            result.AddError($"{Section}:{nameof(options.Issuer)} is required: the 'iss' that tokens must carry.");
        }

        if (options.SigningKey is null && options.PublicKeys.Count == 0)
        {
            result.AddError($"{Section}:{nameof(options.SigningKey)} (Base64, at least {JwtOptions.MinimumSigningKeyBytes} bytes) or {Section}:{nameof(options.PublicKeys)} (RSA or EC PEM) is required to validate tokens.");
        }

        if (options.SigningKey is not null && JwtKeys.SymmetricKeyBytes(options) is not { Length: >= JwtOptions.MinimumSigningKeyBytes })
        {
            result.AddError($"{Section}:{nameof(options.SigningKey)} must be Base64 of at least {JwtOptions.MinimumSigningKeyBytes} bytes.");
        }

        for (var index = 0; index < options.PublicKeys.Count; index++)
        {
            try
            {
                JwtKeys.LoadPublicKey(options.PublicKeys[index]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
            {
                result.AddError($"{Section}:{nameof(options.PublicKeys)}:{index} is neither an RSA nor an EC public key in PEM (or a readable PEM file): {e.Message}");
            }
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(10))
        {
            result.AddError($"{Section}:{nameof(options.ClockSkew)} must be between 0 and 00:10:00, was {options.ClockSkew}.");
        }

        if (options.TokenLifetime <= TimeSpan.Zero)
        {
            result.AddError($"{Section}:{nameof(options.TokenLifetime)} must be positive, was {options.TokenLifetime}.");
        }

        return result.Build();
    }
}
