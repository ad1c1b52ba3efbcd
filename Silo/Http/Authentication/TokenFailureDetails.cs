using Microsoft.IdentityModel.Tokens;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>
/// What a 401 says about a token that failed validation, for the failures whose library message would mislead
/// (a token signed by the wrong key is reported as "key not found") or speak in IDX codes. Never repeats the token.
/// </summary>
public static class TokenFailureDetails
{
    /// <summary>A detail for <paramref name="failure"/>, or null to keep the handler's own description.</summary>
    public static string? Of(Exception? failure) => failure switch
    {
        SecurityTokenSignatureKeyNotFoundException =>
            "No key this silo accepts verifies the token's signature: the key id ('kid', in its header or its claims) names no configured or published key, or the key it names did not sign it.",
        SecurityTokenInvalidSignatureException =>
            "The token's signature is invalid: it does not verify with the keys this silo accepts for it (signed by another key, changed after signing, or unsigned).",
        // A token whose parts are not Base64url fails to be read with an ArgumentException rather than the malformed-token one.
        SecurityTokenMalformedException or ArgumentException =>
            "The bearer token is not a well-formed JWT: three Base64url parts (header, claims, signature) separated by dots.",
        _ => null,
    };
}
