using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ObjectStore.Tests.Condensation;

/// <summary>Where a signed request carries its date.</summary>
public enum SignatureDate
{
    /// <summary><c>Condensation-Date</c>, ISO 8601 UTC with milliseconds, as Condensation clients send it.</summary>
    CondensationDate,

    /// <summary>The HTTP <c>Date</c> header (RFC 1123), which the store reads when <c>Condensation-Date</c> is absent.</summary>
    DateHeader,

    /// <summary>No date at all.</summary>
    None,
}

/// <summary>
/// Signs requests as <paramref name="Actor"/>: <c>Condensation-Date</c>, <c>Condensation-Actor</c> (its hash) and
/// <c>Condensation-Signature</c>, RSASSA-PSS over the SHA-256 of DATE 0x00 METHOD 0x00 HOST PATH (plus 0x00 BODY for a
/// modify). By default it signs correctly with the date of <see cref="Clock"/>; every part can be made wrong (with a
/// <c>with</c> expression) so that tests can check each is verified.
/// </summary>
public sealed record RequestSigner(Actor Actor)
{
    public const string DateHeaderName = "Condensation-Date";
    public const string ActorHeaderName = "Condensation-Actor";
    public const string SignatureHeaderName = "Condensation-Signature";

    /// <summary>The clock whose time is the request's date; a test may share a fake clock with the silo.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Added to the clock's time: signs as if the request were sent earlier (negative) or later.</summary>
    public TimeSpan DateShift { get; init; }

    public SignatureDate DateIn { get; init; } = SignatureDate.CondensationDate;

    /// <summary>The date text to send (and sign) instead of the formatted time.</summary>
    public string? DateText { get; init; }

    /// <summary>The date text to sign, when it should differ from the one sent.</summary>
    public string? SignedDateText { get; init; }

    /// <summary>The <c>Condensation-Actor</c> value to send instead of the actor's hash.</summary>
    public string? ActorText { get; init; }

    public bool OmitActor { get; init; }

    public bool OmitSignature { get; init; }

    /// <summary>Whose key signs, when it should not be the key of the actor named in the header.</summary>
    public Actor? SigningActor { get; init; }

    /// <summary>The method to sign instead of the request's.</summary>
    public string? SignedMethod { get; init; }

    /// <summary>The host (and port) to sign instead of the one the request is sent to.</summary>
    public string? SignedHost { get; init; }

    /// <summary>The path to sign instead of the request's.</summary>
    public string? SignedPath { get; init; }

    /// <summary>Whether to sign the body; by default only a modify's (POST …/accounts), as the protocol says.</summary>
    public bool? SignBody { get; init; }

    /// <summary>The body to sign instead of the one sent.</summary>
    public byte[]? SignedBody { get; init; }

    /// <summary>Flips a bit of the signature's first byte after signing.</summary>
    public bool FlipSignatureBit { get; init; }

    /// <summary>Rewrites the signature's hex text after signing (upper case, cut short, …).</summary>
    public Func<string, string>? RewriteSignature { get; init; }

    /// <summary>The date as Condensation clients write it, e.g. <c>2022-12-06T20:45:37.000Z</c>.</summary>
    public static string FormatDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The bytes a signature covers.</summary>
    public static byte[] SignedBytes(string date, string method, string host, string path, byte[]? body)
    {
        var text = Encoding.UTF8.GetBytes($"{date}\0{method}\0{host}{path}");
        return body is null ? text : [.. text, 0, .. body];
    }

    /// <summary>Adds the signature headers to a request with an absolute URI whose body is <paramref name="body"/>.</summary>
    public void Apply(HttpRequestMessage request, ReadOnlySpan<byte> body)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request's URI must be absolute, to know the host it signs.", nameof(request));
        }

        var time = Clock.GetUtcNow() + DateShift;
        var date = DateText ?? (DateIn == SignatureDate.DateHeader ? time.ToString("r", CultureInfo.InvariantCulture) : FormatDate(time));
        switch (DateIn)
        {
            case SignatureDate.CondensationDate:
                request.Headers.TryAddWithoutValidation(DateHeaderName, date);
                break;
            case SignatureDate.DateHeader:
                request.Headers.TryAddWithoutValidation("Date", date);
                break;
        }

        var isModify = request.Method == HttpMethod.Post && uri.AbsolutePath.EndsWith("/accounts", StringComparison.Ordinal);
        var signedBody = (SignBody ?? isModify) ? (SignedBody ?? body.ToArray()) : null;
        var signed = SignedBytes(
            SignedDateText ?? date,
            SignedMethod ?? request.Method.Method.ToUpperInvariant(),
            SignedHost ?? request.Headers.Host ?? uri.Authority,
            SignedPath ?? uri.AbsolutePath,
            signedBody);
        var signature = (SigningActor ?? Actor).SignDigest(SHA256.HashData(signed));
        if (FlipSignatureBit)
        {
            signature[0] ^= 0x01;
        }

        if (!OmitActor)
        {
            request.Headers.TryAddWithoutValidation(ActorHeaderName, ActorText ?? Actor.Hash.Hex);
        }

        if (!OmitSignature)
        {
            var hex = Convert.ToHexStringLower(signature);
            request.Headers.TryAddWithoutValidation(SignatureHeaderName, RewriteSignature is null ? hex : RewriteSignature(hex));
        }
    }
}
