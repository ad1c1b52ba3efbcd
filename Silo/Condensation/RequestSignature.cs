using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using ObjectStore.Condensation;
using ObjectStore.Errors;

namespace ObjectStore.Silo.Condensation;

/// <summary>
/// Verifies a Condensation request signature: RSA-2048 PSS (SHA-256, MGF1-SHA-256, 32-byte salt) by the actor's key
/// over SHA-256 of DATE, 0, METHOD, 0, HOST + PATH (and, for a modify, 0 and the body), with the date within
/// [now − 120 s, now + 60 s]. A request without actor and signature headers is unsigned; one with them must verify.
/// </summary>
public static class RequestSignature
{
    public const string DateHeader = "Condensation-Date";
    public const string ActorHeader = "Condensation-Actor";
    public const string SignatureHeader = "Condensation-Signature";

    /// <summary>An RSA-2048 public key object is under 300 bytes; a larger one is not parsed on every request.</summary>
    private const int MaxKeyObjectBytes = 4096;

    /// <summary>A 2048-bit modulus without leading zeros: the signature header's 512 hex characters are 256 bytes.</summary>
    private const int ModulusBytes = 256;

    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan MaxAhead = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The verified actor, or null when the request is unsigned. <paramref name="findKey"/> finds the actor's public
    /// key object: in the request itself (an actor's first put of its own key), else in the store.
    /// </summary>
    /// <exception cref="ForbiddenException">The request carries a signature that does not verify, or one already accepted.</exception>
    public static async Task<CondensationHash?> VerifyAsync(
        HttpContext context, byte[]? signedBody, Func<CondensationHash, Task<byte[]?>> findKey, TimeProvider clock, SeenSignatures seenSignatures)
    {
        if (!IsSigned(context.Request))
        {
            return null;
        }

        var headers = context.Request.Headers;
        string? actorText = headers[ActorHeader];
        string? signatureText = headers[SignatureHeader];

        var dateText = (string?)headers[DateHeader] ?? headers.Date;
        if (string.IsNullOrWhiteSpace(dateText)
            || !DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            throw Refused($"a signed request needs a {DateHeader} (or Date) header with an ISO 8601 or HTTP date");
        }

        var now = clock.GetUtcNow();
        if (date < now - MaxAge || date > now + MaxAhead)
        {
            throw Refused($"the request date {dateText} is not within 120 s before and 60 s after the store's time {now:O}");
        }

        if (!CondensationHash.TryParse(actorText?.Trim().ToLowerInvariant(), out var actor))
        {
            throw Refused($"{ActorHeader} must be the actor's hash in 64 hex characters");
        }

        var signature = signatureText?.Trim() is { Length: 512 } hex && hex.All(char.IsAsciiHexDigit) ? Convert.FromHexString(hex) : null;
        if (signature is null)
        {
            throw Refused($"{SignatureHeader} must be 512 hex characters");
        }

        var keyObject = await findKey(actor);
        if (keyObject is null || CondensationHash.Of(keyObject) != actor)
        {
            throw Refused($"the store does not hold the public key object of actor {actor}; put it first (a put of the key itself may sign with it)");
        }

        using var key = PublicKeyOf(keyObject)
            ?? throw Refused($"object {actor} is not an RSA-2048 public key (a record with 'e', an odd exponent above 1, and 'n', a 2048-bit modulus)");
        var digest = SHA256.HashData(SignedBytes(context, dateText, signedBody));
        if (!Verifies(key, digest, signature))
        {
            throw Refused($"the signature does not verify with the key of actor {actor}");
        }

        if (!seenSignatures.TryRemember(signature, date, now - MaxAge))
        {
            throw Refused("the store has already accepted this signature: a signed request cannot be sent twice, sign it again");
        }

        return actor;
    }

    /// <summary>Whether the request claims a signer: an actor or a signature header, which must then verify.</summary>
    public static bool IsSigned(HttpRequest request) =>
        request.Headers.ContainsKey(ActorHeader) || request.Headers.ContainsKey(SignatureHeader);

    private static byte[] SignedBytes(HttpContext context, string date, byte[]? body)
    {
        // The path as the client sent it (the base path included, nothing decoded), without the query.
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { } raw && raw.StartsWith('/')
            ? raw
            : (context.Request.PathBase + context.Request.Path).ToString();
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var text = $"{date}\0{context.Request.Method.ToUpperInvariant()}\0{context.Request.Headers.Host}{(query < 0 ? target : target[..query])}";
        var bytes = Encoding.UTF8.GetBytes(text);
        return body is null ? bytes : [.. bytes, 0, .. body];
    }

    /// <summary>
    /// The key, when the object holds a usable RSA-2048 public key. Anything else (a zero, tiny or even modulus, an
    /// exponent of 0 or 1, or one longer than 8 bytes) is refused here: the platform's RSA throws on some of those, or
    /// treats them as keys no signature can match, and a stored object must never turn a signed request into a 500.
    /// </summary>
    private static RSA? PublicKeyOf(byte[] keyObject)
    {
        if (keyObject.Length > MaxKeyObjectBytes || !CondensationObject.TryParse(keyObject, out var parsed) || parsed.ReadRecord() is not { } record
            || record.Child("e")?.FirstChild?.Bytes.Span.TrimStart((byte)0).ToArray() is not { Length: > 0 and <= 8 } exponent
            || record.Child("n")?.FirstChild?.Bytes.Span.TrimStart((byte)0).ToArray() is not { Length: ModulusBytes } modulus
            || (exponent is [1]) || exponent[^1] % 2 == 0 || modulus[^1] % 2 == 0)
        {
            return null;
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(new RSAParameters { Exponent = exponent, Modulus = modulus });
            return rsa;
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            return null;
        }
    }

    /// <summary>A key the platform cannot use for this signature is one the signature does not verify with.</summary>
    private static bool Verifies(RSA key, byte[] digest, byte[] signature)
    {
        try
        {
            return key.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static ForbiddenException Refused(string reason) => new($"Signature refused: {reason}.");
}
