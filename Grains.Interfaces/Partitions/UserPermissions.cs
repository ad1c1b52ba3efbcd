namespace ObjectStore.Partitions;

/// <summary>The permissions one user holds on a partition (or requests for them).</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.UserPermissions")]
public sealed record UserPermissions(
    [property: Id(0)] long UserId,
    [property: Id(1)] Permission Permissions);
