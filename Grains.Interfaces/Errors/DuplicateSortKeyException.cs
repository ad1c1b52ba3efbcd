namespace ObjectStore.Errors;

/// <summary>Another current object in the partition already holds the sort key.</summary>
[GenerateSerializer, Alias("ObjectStore.DuplicateSortKeyException")]
public sealed class DuplicateSortKeyException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.DuplicateSortKey;
}
