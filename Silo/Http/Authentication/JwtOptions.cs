using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>
/// How bearer tokens are validated (section <c>Authentication</c>): who issues them, and the keys they are signed
/// with: a symmetric key (HS256), RSA or EC public keys, or both.
/// </summary>
public sealed class JwtOptions
{
    public const string SectionName = "Authentication";

    /// <summary>The <c>iss</c> every token must carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>When set, the <c>aud</c> every token must carry.</summary>
    public string? Audience { get; set; }

    /// <summary>A symmetric key, Base64, at least 32 bytes: for HS256 tokens, and for the <c>token</c> command.</summary>
    public string? SigningKey { get; set; }

    /// <summary>RSA or EC public keys, each a PEM text or the path of a PEM file: for tokens an identity provider signs.</summary>
    public List<string> PublicKeys { get; set; } = [];

    /// <summary>How far token lifetimes may disagree with this machine's clock.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a token printed by the <c>token</c> command is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public const int MinimumSigningKeyBytes = 32;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Issuer))
        {
            problems.Add($"{SectionName}:Issuer is required: the 'iss' that tokens must carry.");
        }

        if (SigningKey is null && PublicKeys.Count == 0)
        {
            problems.Add($"{SectionName}:SigningKey (Base64, at least {MinimumSigningKeyBytes} bytes) or {SectionName}:PublicKeys (RSA or EC PEM) is required to validate tokens.");
        }

        if (SigningKey is not null && SymmetricKeyBytes() is not { Length: >= MinimumSigningKeyBytes })
        {
            problems.Add($"{SectionName}:SigningKey must be Base64 of at least {MinimumSigningKeyBytes} bytes.");
        }

        for (var index = 0; index < PublicKeys.Count; index++)
        {
            try
            {
                LoadPublicKey(PublicKeys[index]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
            {
                problems.Add($"{SectionName}:PublicKeys:{index} is neither an RSA nor an EC public key in PEM (or a readable PEM file): {e.Message}");
            }
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(10))
        {
            problems.Add($"{SectionName}:ClockSkew must be between 0 and 00:10:00, was {ClockSkew}.");
        }

        if (TokenLifetime <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:TokenLifetime must be positive, was {TokenLifetime}.");
        }

        return problems;
    }

    /// <summary>The symmetric key, or null when none is configured; call after <see cref="Validate"/>.</summary>
    public SymmetricSecurityKey? SymmetricKey() => SymmetricKeyBytes() is { } bytes ? new SymmetricSecurityKey(bytes) : null;

    public IReadOnlyList<SecurityKey> ValidationKeys() =>
        [.. SymmetricKey() is { } symmetric ? [symmetric] : Array.Empty<SecurityKey>(), .. PublicKeys.Select(LoadPublicKey)];

    private byte[]? SymmetricKeyBytes()
    {
        if (SigningKey is null)
        {
            return null;
        }

        var buffer = new byte[SigningKey.Length];
        return Convert.TryFromBase64String(SigningKey, buffer, out var written) ? buffer[..written] : null;
    }

    private static SecurityKey LoadPublicKey(string pemOrPath)
    {
        var pem = pemOrPath.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal) ? pemOrPath : File.ReadAllText(pemOrPath);
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            // Not an RSA key: a "PUBLIC KEY" PEM may hold an EC key as well.
            rsa.Dispose();
        }

        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch
        {
            ec.Dispose();
            throw;
        }
    }
}
