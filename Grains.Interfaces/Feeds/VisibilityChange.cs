namespace ObjectStore.Feeds;

/// <summary>Makes an in-flight message invisible for <see cref="VisibilityTimeoutSeconds"/> from now (0: visible at once).</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.VisibilityChange")]
public sealed record VisibilityChange(
    [property: Id(0)] string ReceiptHandle,
    [property: Id(1)] int VisibilityTimeoutSeconds);
