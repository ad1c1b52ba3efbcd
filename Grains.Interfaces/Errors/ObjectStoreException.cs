namespace ObjectStore.Errors;

/// <summary>
/// The base of every domain error of the store. Each subtype has a stable <see cref="Code"/> that the HTTP layer
/// turns into a problem type and a status; the .NET client receives the same types.
/// </summary>
[GenerateSerializer, Alias("ObjectStore.ObjectStoreException")]
public abstract class ObjectStoreException : Exception
{
    protected ObjectStoreException(string message) : base(message)
    {
    }

    public abstract string Code { get; }
}

/// <summary>The request is malformed or breaks a rule of the model; nothing was changed.</summary>
[GenerateSerializer, Alias("ObjectStore.InvalidInputException")]
public sealed class InvalidInputException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.Invalid;
}

/// <summary>The caller lacks the permission that the operation needs.</summary>
[GenerateSerializer, Alias("ObjectStore.ForbiddenException")]
public sealed class ForbiddenException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.Forbidden;
}

/// <summary>The partition or object does not exist.</summary>
[GenerateSerializer, Alias("ObjectStore.NotFoundException")]
public sealed class NotFoundException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.NotFound;
}

/// <summary>The current version of the object is no longer the one the update was based on (its prevHash).</summary>
[GenerateSerializer, Alias("ObjectStore.VersionConflictException")]
public sealed class VersionConflictException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.VersionConflict;
}

/// <summary>Another current object in the partition already holds the sort key.</summary>
[GenerateSerializer, Alias("ObjectStore.DuplicateSortKeyException")]
public sealed class DuplicateSortKeyException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.DuplicateSortKey;
}

/// <summary>The current version of the object is a logical-delete tombstone.</summary>
[GenerateSerializer, Alias("ObjectStore.ObjectDeletedException")]
public sealed class ObjectDeletedException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.Deleted;
}

/// <summary>The database failed or could not be reached; the operation may or may not have been applied if it was a write.</summary>
[GenerateSerializer, Alias("ObjectStore.StorageFailureException")]
public sealed class StorageFailureException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.StorageFailure;
}

/// <summary>The object is larger than the configured maximum.</summary>
[GenerateSerializer, Alias("ObjectStore.TooLargeException")]
public sealed class TooLargeException(string message) : ObjectStoreException(message)
{
    public override string Code => ErrorCodes.TooLarge;
}

/// <summary>The stable codes of the typed errors; the HTTP API's problem types are built from them.</summary>
public static class ErrorCodes
{
    public const string Invalid = "invalid";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string VersionConflict = "version-conflict";
    public const string DuplicateSortKey = "duplicate-sort-key";
    public const string Deleted = "deleted";
    public const string StorageFailure = "storage-failure";
    public const string TooLarge = "too-large";
}
