using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ObjectStore.Tokens;

/// <summary>
/// Mints bearer tokens with a symmetric key, for the silo's and the command-line tool's <c>token</c> commands, and reads
/// back the user a token names, so that the tool can address what the caller owns.
/// </summary>
public static class BearerTokens
{
    /// <exception cref="ArgumentException">A user id that is not positive, a lifetime that is not, or no key.</exception>
    public static string Issue(TokenSigning signing, long userId, TimeSpan lifetime, TimeProvider clock)
    {
        if (userId <= 0)
        {
            throw new ArgumentException($"The user id must be a positive 64-bit integer, was {userId}.", nameof(userId));
        }

        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The lifetime must be positive, was {lifetime}.", nameof(lifetime));
        }

        if (signing.SymmetricKey is not { Length: > 0 } key)
        {
            throw new ArgumentException("Tokens are signed with Authentication:SigningKey, which is not set; tokens for public keys come from whoever holds the private keys.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = string.IsNullOrWhiteSpace(signing.Issuer) ? null : signing.Issuer,
            Audience = signing.Audience,
            Subject = new ClaimsIdentity([new Claim(signing.UserIdClaim, userId.ToString(CultureInfo.InvariantCulture))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// The user id in <paramref name="userIdClaim"/> of a token, read without checking its signature (the silo checks
    /// it): null when the token is not a JWT or the claim is not a positive integer.
    /// </summary>
    public static long? UserIdOf(string token, string userIdClaim)
    {
        var handler = new JsonWebTokenHandler();
        if (!handler.CanReadToken(token))
        {
            return null;
        }

        var jwt = handler.ReadJsonWebToken(token);
        return jwt.TryGetClaim(userIdClaim, out var claim)
            && long.TryParse(claim.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) && userId > 0
            ? userId
            : null;
    }
}
