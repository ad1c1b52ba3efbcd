namespace ObjectStore.Errors;

/// <summary>The current version of the object is no longer the one the update was based on (its prevHash).</summary>
[GenerateSerializer, Alias("ObjectStore.VersionConflictException")]
public sealed class VersionConflictException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.VersionConflict;
}
