using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Partitions;

/// <summary>The one place that turns a user's permissions on a partition into a refusal.</summary>
public static class PartitionAccess
{
    /// <summary>What a user may do: the owner everything, anyone else what they were granted.</summary>
    public static Permission Of(long user, long owner, Permission granted) =>
        user == owner ? Permission.Read | Permission.Write : granted;

    public static void Demand(Permission granted, Permission needed, long caller, Hash partitionHash)
    {
        if (!granted.HasFlag(needed))
        {
            throw new ForbiddenException($"User {caller} does not have {needed.ToString().ToUpperInvariant()} permission on partition {partitionHash}.");
        }
    }

    /// <summary>
    /// Refuses a read of an object the caller may not read without naming its partition: the caller asked by the object's
    /// hash, and may not learn where it lives.
    /// </summary>
    public static async Task RequireObjectReadableAsync(this IGrainFactory grains, Hash partitionHash, long caller) =>
        DemandObjectReadable(await grains.GetGrain<IPartitionPermissions>(partitionHash.Value).GetPermissionsAsync(caller), caller);

    /// <summary>The refusal of <see cref="RequireObjectReadableAsync"/>, for callers that asked the partition themselves.</summary>
    public static void DemandObjectReadable(Permission granted, long caller)
    {
        if (!granted.HasFlag(Permission.Read))
        {
            throw new ForbiddenException($"User {caller} may not read this object.");
        }
    }

    /// <summary>Asks the partition's grain (from memory, interleaved) and refuses when the permission is missing.</summary>
    public static async Task RequireAsync(this IGrainFactory grains, Hash partitionHash, long caller, Permission needed) =>
        Demand(await grains.GetGrain<IPartitionPermissions>(partitionHash.Value).GetPermissionsAsync(caller), needed, caller, partitionHash);

    /// <summary>Refuses a change of permissions that names the owner, a user twice, a bad user id or unknown permissions.</summary>
    public static void ValidateChanges(long owner, IReadOnlyList<UserPermissions> changes)
    {
        foreach (var change in changes)
        {
            if (change.UserId <= 0)
            {
                throw new InvalidInputException($"'userId' must be a positive user id, was {change.UserId}.");
            }

            if (change.UserId == owner)
            {
                throw new InvalidInputException("The owner always has every permission on their partition; do not list them.");
            }

            if ((change.Permissions & ~(Permission.Read | Permission.Write)) != 0)
            {
                throw new InvalidInputException($"Unknown permissions for user {change.UserId}.");
            }
        }

        var repeated = changes.GroupBy(change => change.UserId).FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null)
        {
            throw new InvalidInputException($"User {repeated.Key} is listed more than once.");
        }
    }
}
