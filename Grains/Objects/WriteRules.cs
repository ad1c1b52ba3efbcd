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
}
