namespace ObjectStore.Errors;

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
