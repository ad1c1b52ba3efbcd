using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>Refuses token settings that would let no token (or any token) through, or contradict each other, naming each by its key.</summary>
public sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    private const string Section = JwtOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        ValidateClaims(options, result);
        ValidateConfiguredKeys(options, result);
        ValidatePublishedKeys(options, result);
        if (options.SigningKey is null && options.PublicKeys.Count == 0 && !options.HasPublishedKeys)
        {
            result.AddError($"{Section}:{nameof(options.SigningKey)} (Base64, at least {JwtOptions.MinimumSigningKeyBytes} bytes) or {Section}:{nameof(options.PublicKeys)} (RSA or EC PEM) " +
                $"or {Section}:{nameof(options.Authority)} or {Section}:{nameof(options.JwksUrl)} is required to validate tokens.");
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

    private static void ValidateClaims(JwtOptions options, ValidateOptionsResultBuilder result)
    {
        if (string.IsNullOrWhiteSpace(options.UserIdClaim))
        {
            result.AddError($"{Section}:{nameof(options.UserIdClaim)} must name the claim that holds the user id, such as sub or userId.");
        }

        var issuer = !string.IsNullOrWhiteSpace(options.Issuer);
        if (options.ValidateIssuer && !issuer && options.Authority is null)
        {
            result.AddError($"{Section}:{nameof(options.Issuer)} is required: the 'iss' that tokens must carry (or set {Section}:{nameof(options.Authority)}, " +
                $"whose discovery document names it, or {Section}:{nameof(options.ValidateIssuer)}=false for tokens without one, such as Allegro's multi-tenant tokens).");
        }

        if (!options.ValidateIssuer && issuer)
        {
            result.AddError($"{Section}:{nameof(options.Issuer)} is set but {Section}:{nameof(options.ValidateIssuer)} is false, so it would not be checked: remove one of them.");
        }
    }

    private static void ValidateConfiguredKeys(JwtOptions options, ValidateOptionsResultBuilder result)
    {
        if (options.SigningKey is not null && JwtKeys.SymmetricKeyBytes(options) is not { Length: >= JwtOptions.MinimumSigningKeyBytes })
        {
            result.AddError($"{Section}:{nameof(options.SigningKey)} must be Base64 of at least {JwtOptions.MinimumSigningKeyBytes} bytes.");
        }

        for (var index = 0; index < options.PublicKeys.Count; index++)
        {
            var key = options.PublicKeys[index];
            var setting = $"{Section}:{nameof(options.PublicKeys)}:{index}";
            if (string.IsNullOrWhiteSpace(key.Key))
            {
                result.AddError($"{setting}:{nameof(key.Key)} is required: an RSA or EC public key in PEM, or the path of a PEM file.");
                continue;
            }

            try
            {
                JwtKeys.LoadPublicKey(key);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
            {
                result.AddError($"{setting} is neither an RSA nor an EC public key in PEM (or a readable PEM file): {e.Message}");
            }
        }

        foreach (var shared in options.PublicKeys.Where(key => !string.IsNullOrEmpty(key.KeyId)).GroupBy(key => key.KeyId, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            result.AddError($"{Section}:{nameof(options.PublicKeys)} name the key id '{shared.Key}' {shared.Count()} times: a key id names one key.");
        }
    }

    private static void ValidatePublishedKeys(JwtOptions options, ValidateOptionsResultBuilder result)
    {
        if (options.Authority is not null && options.JwksUrl is not null)
        {
            result.AddError($"{Section}:{nameof(options.Authority)} and {Section}:{nameof(options.JwksUrl)} are both set: keys come from one of them; an authority's discovery document names its JWKS URL.");
        }

        foreach (var (setting, address) in new[] { (nameof(options.Authority), options.Authority), (nameof(options.JwksUrl), options.JwksUrl) })
        {
            if (address is not null && !LoopbackHttpDocumentRetriever.IsAllowed(address, options.AllowHttpOnLoopback))
            {
                result.AddError($"{Section}:{setting} must be an absolute https URL (http only on a loopback address, with {Section}:{nameof(options.AllowHttpOnLoopback)}=true), was {address}.");
            }
        }

        if (options.KeyRefreshInterval < TimeSpan.FromMinutes(5))
        {
            result.AddError($"{Section}:{nameof(options.KeyRefreshInterval)} must be at least 00:05:00, was {options.KeyRefreshInterval}.");
        }

        if (options.MinimumKeyRefreshInterval < TimeSpan.FromSeconds(1) || options.MinimumKeyRefreshInterval > options.KeyRefreshInterval)
        {
            result.AddError($"{Section}:{nameof(options.MinimumKeyRefreshInterval)} must be between 00:00:01 and {Section}:{nameof(options.KeyRefreshInterval)}, was {options.MinimumKeyRefreshInterval}.");
        }
    }
}
