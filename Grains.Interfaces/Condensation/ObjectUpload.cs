namespace ObjectStore.Condensation;

/// <summary>An object to store: its hash as the client named it, and its bytes.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.CondensationUpload")]
public sealed record ObjectUpload([property: Id(0)] CondensationHash Hash, [property: Id(1)] byte[] Bytes);
