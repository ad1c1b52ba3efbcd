namespace ObjectStore.Errors;

/// <summary>The database failed or could not be reached; the operation may or may not have been applied if it was a write.</summary>
[GenerateSerializer, Alias("ObjectStore.StorageFailureException")]
public sealed class StorageFailureException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.StorageFailure;
}
