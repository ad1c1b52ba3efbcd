namespace ObjectStore.Partitions;

[Flags, GenerateSerializer, Alias("ObjectStore.Permission")]
public enum Permission
{
    None = 0,
    Read = 1,
    Write = 2,
}
