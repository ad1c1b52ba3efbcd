namespace ObjectStore.Partitions;

/// <summary>
/// Creates a partition (only the user named in <see cref="Id"/> may) or, for its owner, sets the permissions of
/// the users listed; users not listed keep theirs, and a user listed with no permissions loses access.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.UpsertPartitionRequest")]
public sealed record UpsertPartitionRequest(
    [property: Id(0)] PartitionId Id,
    [property: Id(1)] IReadOnlyList<UserPermissions> UserPermissions);
