using ObjectStore.Errors;

namespace ObjectStore.Objects;

/// <summary>Rules about who may write what, checked before a commit.</summary>
public static class WriteRules
{
    /// <summary>
    /// Every version may name only the caller as its owner: Symphony's clients set <c>owner</c> to the user who writes
    /// the version (a delete by another user with WRITE names that user), so it records who wrote it and cannot be forged.
    /// </summary>
    public static void CheckOwner(long caller, IEnumerable<PreparedWrite> writes)
    {
        foreach (var write in writes)
        {
            if (write.Owner is { } owner && owner != caller)
            {
                throw new InvalidInputException($"'owner' must be the calling user ({caller}), the writer of this version; was {owner}.");
            }
        }
    }

    /// <summary>
    /// Every write handed over must be what its canonical bytes say: they are parsed again and must hash to the write's
    /// absoluteHash and give back every field the store keys it by (partition, sort key, baseHash and prevHash, kind,
    /// owner, thread, purge date). The writer of a partition is a grain any Orleans client can call, so it trusts no
    /// caller to have parsed honestly, and the baseHash rules the parser enforces hold for what it commits.
    /// </summary>
    public static void CheckAgainstBytes(ObjectParser parser, IEnumerable<PreparedWrite> writes)
    {
        foreach (var write in writes)
        {
            if (write?.Canonical is not { } bytes)
            {
                throw new InvalidInputException("A write must carry the canonical bytes of its object.");
            }

            var parsed = parser.Parse(bytes);
            if (parsed.AbsoluteHash != write.AbsoluteHash)
            {
                throw new InvalidInputException($"The object's bytes hash to {parsed.AbsoluteHash}, not to the absoluteHash {write.AbsoluteHash} it came with.");
            }

            if (!parsed.Canonical.AsSpan().SequenceEqual(bytes) || parsed with { Canonical = bytes } != write)
            {
                throw new InvalidInputException($"The write of {write.AbsoluteHash} is not what its bytes say: they are not in canonical form, or a field differs from them.");
            }
        }
    }
}
