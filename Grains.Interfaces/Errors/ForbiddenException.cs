namespace ObjectStore.Errors;

/// <summary>The caller lacks the permission that the operation needs.</summary>
[GenerateSerializer, Alias("ObjectStore.ForbiddenException")]
public sealed class ForbiddenException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.Forbidden;
}
