using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>The keys <see cref="JwtOptions"/> name, read from their Base64 and PEM forms.</summary>
public static class JwtKeys
{
    /// <summary>The symmetric key, or null when none is configured or it is not Base64.</summary>
    public static SymmetricSecurityKey? SymmetricKey(JwtOptions options) =>
        SymmetricKeyBytes(options) is { } bytes ? new SymmetricSecurityKey(bytes) : null;

    /// <summary>Every configured key a token may be signed with; call on options <see cref="JwtOptionsValidator"/> accepted.</summary>
    public static IReadOnlyList<SecurityKey> ValidationKeys(JwtOptions options) =>
        [.. SymmetricKey(options) is { } symmetric ? [symmetric] : Array.Empty<SecurityKey>(), .. options.PublicKeys.Select(LoadPublicKey)];

    /// <summary>A configured public key, named by its key id when it has one.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="CryptographicException">The PEM holds neither key.</exception>
    public static SecurityKey LoadPublicKey(PublicKeyOptions key)
    {
        var loaded = LoadPublicKey(key.Key ?? throw new ArgumentException("The public key has no Key.", nameof(key)));
        loaded.KeyId = string.IsNullOrEmpty(key.KeyId) ? null : key.KeyId;
        return loaded;
    }

    public static byte[]? SymmetricKeyBytes(JwtOptions options)
    {
        if (options.SigningKey is null)
        {
            return null;
        }

        var buffer = new byte[options.SigningKey.Length];
        return Convert.TryFromBase64String(options.SigningKey, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>An RSA or EC public key from PEM text or a PEM file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="CryptographicException">The PEM holds neither key.</exception>
    public static SecurityKey LoadPublicKey(string pemOrPath)
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
