namespace ObjectStore.Condensation;

/// <summary>An object to store: its hash as the client named it, and its bytes.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.CondensationUpload")]
public sealed record ObjectUpload([property: Id(0)] CondensationHash Hash, [property: Id(1)] byte[] Bytes);

/// <summary>A hash in one box of one account.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.BoxEntry")]
public readonly record struct BoxEntry(
    [property: Id(0)] CondensationHash Account,
    [property: Id(1)] BoxLabel Box,
    [property: Id(2)] CondensationHash Hash);

/// <summary>What a modify request does, in this order: store the objects, add the entries, remove the entries.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.BoxModifications")]
public sealed record BoxModifications(
    [property: Id(0)] IReadOnlyList<ObjectUpload> Puts,
    [property: Id(1)] IReadOnlyList<BoxEntry> Additions,
    [property: Id(2)] IReadOnlyList<BoxEntry> Removals)
{
    /// <summary>
    /// Whether an unsigned caller may send it: it holds nothing but additions to message boxes (and the envelopes they
    /// add). Anything else needs a signed actor.
    /// </summary>
    public bool OnlyAddsMessages => Removals.Count == 0 && Additions.All(entry => entry.Box == BoxLabel.Messages);
}
