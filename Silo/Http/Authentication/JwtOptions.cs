namespace ObjectStore.Silo.Http.Authentication;

/// <summary>
/// How bearer tokens are validated (section <c>Authentication</c>): which claim names the user, whether the issuer is
/// checked, and the keys tokens are signed with: a symmetric key (HS256), RSA or EC public keys, keys published by an
/// OpenID Connect authority or at a JWKS URL, or several of these. Checked by <see cref="JwtOptionsValidator"/>;
/// <see cref="JwtKeys"/> reads the configured keys, <see cref="PublishedKeys"/> fetches the published ones.
/// </summary>
public sealed class JwtOptions
{
    public const string SectionName = "Authentication";

    /// <summary>The least a symmetric key may hold, in bytes.</summary>
    public const int MinimumSigningKeyBytes = 32;

    /// <summary>The claim that holds the caller's user id: <c>sub</c>, or <c>userId</c> for Allegro's multi-tenant tokens.</summary>
    public string UserIdClaim { get; set; } = "sub";

    /// <summary>Whether tokens must carry the <c>iss</c> of <see cref="Issuer"/> (or of <see cref="Authority"/>'s discovery document).</summary>
    public bool ValidateIssuer { get; set; } = true;

    /// <summary>The <c>iss</c> every token must carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>When set, the <c>aud</c> every token must carry.</summary>
    public string? Audience { get; set; }

    /// <summary>A symmetric key, Base64, at least 32 bytes: for HS256 tokens, and for the <c>token</c> command.</summary>
    public string? SigningKey { get; set; }

    /// <summary>RSA or EC public keys for tokens an identity provider signs, each with the key id tokens name it by, if any.</summary>
    public List<PublicKeyOptions> PublicKeys { get; set; } = [];

    /// <summary>An OpenID Connect authority (its issuer URL), whose discovery document names its issuer and its keys.</summary>
    public Uri? Authority { get; set; }

    /// <summary>A JSON Web Key Set document of signing keys; an alternative to <see cref="Authority"/> for issuers without discovery.</summary>
    public Uri? JwksUrl { get; set; }

    /// <summary>Lets <see cref="Authority"/> and <see cref="JwksUrl"/> (and what they name) use http, on loopback addresses only: for tests.</summary>
    public bool AllowHttpOnLoopback { get; set; }

    /// <summary>How often published keys are fetched again.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The least time between fetches that a token signed with an unknown key causes (key rotation).</summary>
    public TimeSpan MinimumKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far token lifetimes may disagree with this machine's clock.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a token printed by the <c>token</c> command is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether keys are published somewhere to be fetched, rather than all configured here.</summary>
    public bool HasPublishedKeys => Authority is not null || JwksUrl is not null;
}
