namespace ObjectStore.Sequences;

/// <summary>CreatedDate bounds of a sequence read, as instant keys: <see cref="From"/> inclusive, <see cref="To"/> exclusive.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.SequenceBounds")]
public sealed record SequenceBounds([property: Id(0)] string? From, [property: Id(1)] string? To)
{
    public static readonly SequenceBounds None = new(null, null);
}
