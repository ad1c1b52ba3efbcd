namespace ObjectStore.Tokens;

/// <summary>
/// What a development token is signed and addressed with: the symmetric key (HS256) a silo accepts, the issuer and
/// audience it checks, and the claim it reads the user id from.
/// </summary>
public sealed record TokenSigning(byte[]? SymmetricKey, string? Issuer, string? Audience, string UserIdClaim);
