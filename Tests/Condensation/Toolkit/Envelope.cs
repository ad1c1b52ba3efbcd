using System.Security.Cryptography;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// Envelopes: records with a <c>content</c> child, which is what a store lets into a box. The store reads two more
/// children: <c>updated by</c> (24-byte prefixes of the hashes of actors who may remove the envelope from any box)
/// and <c>expires</c> (Unix milliseconds, after which a message envelope may be dropped).
/// </summary>
public static class Envelope
{
    /// <summary>Bytes that make an envelope unique, so that no two tests (or parts of one) share an envelope by chance.</summary>
    private const int DefaultContentBytes = 16;

    /// <summary>
    /// An envelope: <c>content</c> (linking to <paramref name="contentLink"/> if given) → child with
    /// <paramref name="content"/> (random bytes when null); <c>updated by</c> → a child per actor with the first 24
    /// bytes of its hash; <c>expires</c> → child with the time in Unix milliseconds; <c>signature</c> → child with
    /// <paramref name="signature"/>. The store checks no signature inside an envelope.
    /// </summary>
    public static CdsObject Create(
        byte[]? content = null,
        CdsHash? contentLink = null,
        IEnumerable<CdsHash>? updatedBy = null,
        DateTimeOffset? expires = null,
        byte[]? signature = null)
    {
        var record = new RecordBuilder();
        record.Add("content", contentLink).Add(content ?? RandomNumberGenerator.GetBytes(DefaultContentBytes));
        if (updatedBy is not null)
        {
            var updaters = record.Add("updated by");
            foreach (var actor in updatedBy)
            {
                updaters.Add(actor.Prefix());
            }
        }

        if (expires is { } expiry)
        {
            record.Add("expires").AddInteger(expiry.ToUnixTimeMilliseconds());
        }

        if (signature is not null)
        {
            record.Add("signature").Add(signature);
        }

        return record.ToObject();
    }

    /// <summary>An envelope of exactly <paramref name="totalBytes"/> bytes (object header included), its content padded with random bytes.</summary>
    public static CdsObject OfSize(int totalBytes, IEnumerable<CdsHash>? updatedBy = null)
    {
        // Past 285 bytes a node's length takes a fixed 8 bytes, so the overhead around the content no longer changes.
        const int LongContent = 300;
        var updaters = updatedBy?.ToList();
        var overhead = Create(new byte[LongContent], updatedBy: updaters).Length - LongContent;
        if (totalBytes - overhead < LongContent)
        {
            throw new ArgumentOutOfRangeException(nameof(totalBytes), totalBytes, $"An envelope of this shape has at least {overhead + LongContent} bytes.");
        }

        var envelope = Create(RandomNumberGenerator.GetBytes(totalBytes - overhead), updatedBy: updaters);
        return envelope.Length == totalBytes ? envelope : throw new InvalidOperationException($"Made {envelope.Length} bytes instead of {totalBytes}.");
    }
}
