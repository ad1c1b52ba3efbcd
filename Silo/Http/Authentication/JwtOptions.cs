namespace ObjectStore.Silo.Http.Authentication;

/// <summary>
/// How bearer tokens are validated (section <c>Authentication</c>): who issues them, and the keys they are signed
/// with: a symmetric key (HS256), RSA or EC public keys, or both. Checked by <see cref="JwtOptionsValidator"/>;
/// <see cref="JwtKeys"/> reads the keys.
/// </summary>
public sealed class JwtOptions
{
    public const string SectionName = "Authentication";

    /// <summary>The least a symmetric key may hold, in bytes.</summary>
    public const int MinimumSigningKeyBytes = 32;

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
}
