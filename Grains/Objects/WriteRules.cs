using ObjectStore.Errors;

namespace ObjectStore.Objects;

/// <summary>Rules about who may write what, checked before a commit.</summary>
public static class WriteRules
{
    /// <summary>The first version of an object may name only the caller as its owner.</summary>
    public static void CheckOwner(long caller, IEnumerable<PreparedWrite> writes)
    {
        foreach (var write in writes)
        {
            if (write.IsCreate && write.Owner is { } owner && owner != caller)
            {
                throw new InvalidInputException($"'owner' of a new object must be the calling user ({caller}), was {owner}.");
            }
        }
    }
}
