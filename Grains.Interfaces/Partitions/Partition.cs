using ObjectStore.Objects;

namespace ObjectStore.Partitions;

[Flags, GenerateSerializer, Alias("ObjectStore.Permission")]
public enum Permission
{
    None = 0,
    Read = 1,
    Write = 2,
}

/// <summary>The permissions one user holds on a partition (or requests for them).</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.UserPermissions")]
public sealed record UserPermissions(
    [property: Id(0)] long UserId,
    [property: Id(1)] Permission Permissions);

/// <summary>The ID object of a partition (a Symphony NamedUserIdObject); the partition hash is its hash.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.PartitionId")]
public sealed record PartitionId(
    [property: Id(0)] string Name,
    [property: Id(1)] long UserId);

/// <summary>
/// Creates a partition (only the user named in <see cref="Id"/> may) or, for its owner, sets the permissions of
/// the users listed; users not listed keep theirs, and a user listed with no permissions loses access.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.UpsertPartitionRequest")]
public sealed record UpsertPartitionRequest(
    [property: Id(0)] PartitionId Id,
    [property: Id(1)] IReadOnlyList<UserPermissions> UserPermissions);

[GenerateSerializer, Immutable, Alias("ObjectStore.Partition")]
public sealed record Partition(
    [property: Id(0)] Hash PartitionHash,
    [property: Id(1)] PartitionId Id,
    [property: Id(2)] byte[] CanonicalId);
