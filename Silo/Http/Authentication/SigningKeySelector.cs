using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>
/// Chooses the keys a token's signature is checked against, among the configured and the published ones, by the key
/// id (<c>kid</c>) the token names: in its header, or else in its claims, where Allegro's multi-tenant client puts it.
/// A token that names no key id is checked against every key; one that names an id, against the keys with that id,
/// or, when no key has it, against the keys without an id (a configured key without an id accepts any kid). So a
/// token naming another key's id is refused even when the key it names would have verified it.
/// </summary>
public static class SigningKeySelector
{
    /// <summary>The claim Allegro's multi-tenant tokens carry their key id in.</summary>
    public const string KeyIdClaim = "kid";

    /// <summary>For <see cref="TokenValidationParameters.IssuerSigningKeyResolverUsingConfiguration"/>.</summary>
    public static IEnumerable<SecurityKey> Select(
        string token, SecurityToken securityToken, string? headerKeyId, TokenValidationParameters parameters, BaseConfiguration? published)
    {
        var keys = (parameters.IssuerSigningKeys ?? []).Concat(published?.SigningKeys ?? []).ToList();
        var keyId = KeyIdOf(securityToken, headerKeyId);
        if (keyId is null)
        {
            return keys;
        }

        var named = keys.Where(key => key.KeyId == keyId).ToList();
        return named.Count > 0 ? named : keys.Where(key => string.IsNullOrEmpty(key.KeyId)).ToList();
    }

    private static string? KeyIdOf(SecurityToken token, string? headerKeyId) =>
        !string.IsNullOrEmpty(headerKeyId) ? headerKeyId
        : token is JsonWebToken jwt && jwt.TryGetPayloadValue<string>(KeyIdClaim, out var claimed) && !string.IsNullOrEmpty(claimed) ? claimed
        : null;
}
