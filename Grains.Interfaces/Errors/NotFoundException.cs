namespace ObjectStore.Errors;

/// <summary>The partition or object does not exist.</summary>
[GenerateSerializer, Alias("ObjectStore.NotFoundException")]
public sealed class NotFoundException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.NotFound;
}
