using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// Signs a JWS compact token from the exact header and claims text given, as a client library outside .NET would
/// (Allegro's jjwt: a header of only <c>alg</c>): no <c>typ</c>, no claim added or reordered.
/// </summary>
public static class JwsSigner
{
    /// <summary>A token of <paramref name="header"/> and <paramref name="claims"/> (JSON texts) signed with <paramref name="key"/> by the header's algorithm.</summary>
    public static string Sign(string header, string claims, SecurityKey key, string algorithm)
    {
        var input = $"{Base64UrlEncoder.Encode(header)}.{Base64UrlEncoder.Encode(claims)}";
        var bytes = Encoding.ASCII.GetBytes(input);
        var hash = algorithm[2..] switch
        {
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            "512" => HashAlgorithmName.SHA512,
            _ => throw new ArgumentException($"No hash for {algorithm}.", nameof(algorithm)),
        };
        var signature = (algorithm[..2], key) switch
        {
            ("RS", RsaSecurityKey rsa) => rsa.Rsa.SignData(bytes, hash, RSASignaturePadding.Pkcs1),
            ("PS", RsaSecurityKey rsa) => rsa.Rsa.SignData(bytes, hash, RSASignaturePadding.Pss),
            // .NET signs ECDSA as r || s (IEEE P1363), the form JWS wants (RFC 7518, section 3.4).
            ("ES", ECDsaSecurityKey ec) => ec.ECDsa.SignData(bytes, hash),
            _ => throw new ArgumentException($"{algorithm} does not sign with {key.GetType().Name}.", nameof(algorithm)),
        };
        return $"{input}.{Base64UrlEncoder.Encode(signature)}";
    }
}
