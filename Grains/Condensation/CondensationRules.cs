using Microsoft.Extensions.Options;
using ObjectStore.Errors;
using ObjectStore.Storage;

namespace ObjectStore.Condensation;

/// <summary>
/// The access rules and limits of the Condensation store (PROTOCOL.md), shared by the single requests and by modify.
/// <c>actor</c> is the request's verified signer; null when the request is unsigned.
/// </summary>
public sealed class CondensationRules(ICondensationStorage storage, IOptions<CondensationOptions> options)
{
    private CondensationOptions Limits => options.Value;

    public static void EnsureSigned(CondensationHash? actor, string what)
    {
        if (actor is null)
        {
            throw new ForbiddenException($"{what} needs a signed request (Condensation-Date, Condensation-Actor, Condensation-Signature).");
        }
    }

    /// <summary>Checks an upload's size, form and hash. An unsigned request may only store envelope-sized objects.</summary>
    public VerifiedObject Verify(ObjectUpload upload, bool signed)
    {
        var limit = signed ? Limits.MaxObjectBytes : Limits.UnsignedEnvelopeBytes;
        if (upload.Bytes.Length > limit)
        {
            if (!signed && upload.Bytes.Length <= Limits.MaxObjectBytes)
            {
                throw new ForbiddenException(
                    $"An unsigned request may store objects of at most {limit} bytes; {upload.Hash} has {upload.Bytes.Length}. Sign the request.");
            }

            throw new TooLargeException($"Object {upload.Hash} has {upload.Bytes.Length} bytes; the store takes at most {Limits.MaxObjectBytes}.");
        }

        if (!CondensationObject.TryParse(upload.Bytes, out var parsed))
        {
            throw new InvalidInputException(
                $"The bytes given for {upload.Hash} are not a Condensation object: a 4-byte big-endian link count, that many 32-byte hashes, then data.");
        }

        var actual = CondensationHash.Of(upload.Bytes);
        if (actual != upload.Hash)
        {
            throw new InvalidInputException($"The SHA-256 of the bytes is {actual}, not {upload.Hash}.");
        }

        return new VerifiedObject(actual, parsed, parsed.Facts());
    }

    /// <summary>When the entries a request adds are dropped: never for a signed actor's, after a while for anyone's.</summary>
    public DateTimeOffset? AdditionsExpireAt(CondensationHash? actor, DateTimeOffset now) =>
        actor is null ? now + Limits.UnsignedEntryLifetime : null;

    public static void EnsureMayList(CondensationHash? actor, CondensationHash account, BoxLabel box)
    {
        if (box != BoxLabel.Public && actor != account)
        {
            throw new ForbiddenException($"Only the account's own actor may list its {box.ToWireName()} box{(actor is null ? "; the request is unsigned" : "")}.");
        }
    }

    /// <summary>
    /// Anyone may add to a message box, only the account's actor to the others. The store refuses an object it holds
    /// that is not an envelope, and, from an unsigned request, an envelope it does not hold or larger than the unsigned limit.
    /// </summary>
    public async Task EnsureMayAddAsync(CondensationHash? actor, BoxEntry entry, IReadOnlyDictionary<CondensationHash, VerifiedObject> puts)
    {
        if (entry.Box != BoxLabel.Messages && actor != entry.Account)
        {
            throw new ForbiddenException(
                $"Only the account's own actor may add to its {entry.Box.ToWireName()} box{(actor is null ? "; the request is unsigned" : "")}.");
        }

        var facts = puts.TryGetValue(entry.Hash, out var put) ? put.Facts : await storage.GetFactsAsync(entry.Hash, CancellationToken.None);
        if (facts is null)
        {
            // Otherwise anyone could fill a message box with hashes of nothing, which no collection would ever drop.
            if (actor is null)
            {
                throw new ForbiddenException(
                    $"An unsigned request may only add an envelope the store holds or the request puts; {entry.Hash} is neither. Put it first, or send it in a modify's put section.");
            }

            return;
        }

        if (!facts.IsEnvelope)
        {
            throw new InvalidInputException($"{entry.Hash} is not an envelope (a record with a 'content' child); only envelopes go into boxes.");
        }

        if (actor is null && facts.Size > Limits.UnsignedEnvelopeBytes)
        {
            throw new ForbiddenException(
                $"An unsigned request may add envelopes of at most {Limits.UnsignedEnvelopeBytes} bytes; {entry.Hash} has {facts.Size}. Sign the request.");
        }
    }

    /// <summary>
    /// An unsigned request may make the store keep at most <see cref="CondensationOptions.UnsignedRequestBytes"/>: what it
    /// puts, the stored envelopes it adds, and the stored objects those envelopes link to (what the puts link to is
    /// counted by being put). Deeper objects were stored by signed actors, who answer for them.
    /// </summary>
    public async Task EnsureUnsignedWithinBoundAsync(IReadOnlyList<BoxEntry> additions, IReadOnlyDictionary<CondensationHash, VerifiedObject> puts)
    {
        var counted = new HashSet<CondensationHash>(puts.Keys);
        long total = puts.Values.Sum(put => (long)put.Facts.Size);
        async Task CountStoredAsync(CondensationHash hash)
        {
            if (total <= Limits.UnsignedRequestBytes && counted.Add(hash))
            {
                total += (await storage.GetFactsAsync(hash, CancellationToken.None))?.Size ?? 0;
            }
        }

        foreach (var envelopeHash in additions.Select(entry => entry.Hash).Distinct())
        {
            await CountStoredAsync(envelopeHash);
            var envelope = puts.TryGetValue(envelopeHash, out var put)
                ? put.Object
                : await storage.GetObjectAsync(envelopeHash, CancellationToken.None) is { } bytes && CondensationObject.TryParse(bytes, out var stored) ? stored : null;
            foreach (var link in envelope?.Links ?? [])
            {
                await CountStoredAsync(link);
            }
        }

        if (total > Limits.UnsignedRequestBytes)
        {
            throw new ForbiddenException(
                $"An unsigned request may make the store keep at most {Limits.UnsignedRequestBytes} bytes, counting what it puts, the envelopes it adds and the objects they link to; this one reaches {total}. Sign the request.");
        }
    }

    /// <summary>
    /// The account's actor may remove anything; another signed actor what the envelope lists it under <c>updated by</c>
    /// (by the first 24 bytes of its hash); anyone an entry whose envelope the store does not hold.
    /// </summary>
    public async Task EnsureMayRemoveAsync(CondensationHash? actor, BoxEntry entry, IReadOnlyDictionary<CondensationHash, VerifiedObject> puts)
    {
        if (actor == entry.Account)
        {
            return;
        }

        var bytes = puts.TryGetValue(entry.Hash, out var put) ? put.Object.Bytes : await storage.GetObjectAsync(entry.Hash, CancellationToken.None);
        if (bytes is null)
        {
            return;
        }

        var signerPrefix = actor?.Prefix24.ToArray();
        if (signerPrefix is not null && CondensationObject.TryParse(bytes, out var envelope)
            && envelope.ReadRecord()?.Child("updated by")?.Children.Any(child => child.Bytes.Span.SequenceEqual(signerPrefix)) == true)
        {
            return;
        }

        throw new ForbiddenException(
            $"Only the account's own actor, or an actor the envelope lists under 'updated by', may remove {entry.Hash} from the {entry.Box.ToWireName()} box"
            + (actor is null ? "; the request is unsigned." : "."));
    }
}
