namespace ObjectStore.Errors;

/// <summary>The object is larger than the configured maximum.</summary>
[GenerateSerializer, Alias("ObjectStore.TooLargeException")]
public sealed class TooLargeException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.TooLarge;
}
