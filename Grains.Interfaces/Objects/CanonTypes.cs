namespace ObjectStore.Objects;

/// <summary>
/// The <c>_type</c> names of Symphony's Canon model that the store reads and writes, kept in one place: the grains
/// validate and hash stored objects and ID objects by them, the silo reads requests and writes responses by them, and
/// the client builds objects with them.
/// </summary>
public static class CanonTypes
{
    /// <summary>The <c>_version</c> of every type the store reads and writes.</summary>
    public const string Version = "1.0";

    public const string StoredApplicationObject = ObjectModel + "StoredApplicationObject";
    public const string DeletedApplicationObject = ObjectModel + "DeletedApplicationObject";
    public const string NamedUserIdObject = ObjectModel + "NamedUserIdObject";
    public const string Partition = ObjectModel + "Partition";
    public const string UpsertPartitionRequest = ObjectModel + "UpsertPartitionRequest";
    public const string UserPermissionsRequest = ObjectModel + "UserPermissionsRequest";
    public const string Feed = ObjectModel + "Feed";
    public const string FeedObject = ObjectModel + "FeedObject";
    public const string UpsertFeedRequest = ObjectModel + "UpsertFeedRequest";
    public const string PartitionSelection = ObjectModel + "PartitionSelection";
    public const string FeedRequest = ObjectModel + "FeedRequest";
    public const string FeedObjectDelete = ObjectModel + "FeedObjectDelete";
    public const string FeedObjectExtend = ObjectModel + "FeedObjectExtend";
    public const string FeedsEndpoint = ObjectModel + "FeedsEndpoint";
    public const string PlainText = "com.symphony.s2.model.core.PlainText";

    private const string ObjectModel = "com.symphony.s2.model.object.";
}
