namespace ObjectStore.Errors;

/// <summary>The request is malformed or breaks a rule of the model; nothing was changed.</summary>
[GenerateSerializer, Alias("ObjectStore.InvalidInputException")]
public sealed class InvalidInputException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.Invalid;
}
