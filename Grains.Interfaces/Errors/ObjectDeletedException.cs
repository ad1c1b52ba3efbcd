namespace ObjectStore.Errors;

/// <summary>The current version of the object is a logical-delete tombstone.</summary>
[GenerateSerializer, Alias("ObjectStore.ObjectDeletedException")]
public sealed class ObjectDeletedException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.Deleted;
}
