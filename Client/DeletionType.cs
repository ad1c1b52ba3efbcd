namespace ObjectStore.Client;

/// <summary>How an object is deleted: a tombstone version (LOGICAL) or removal of every version (PHYSICAL).</summary>
public enum DeletionType
{
    Logical,
    Physical,
}
