namespace ObjectStore.Condensation;

/// <summary>What a modify request does, in this order: store the objects, add the entries, remove the entries.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.BoxModifications")]
public sealed record BoxModifications(
    [property: Id(0)] IReadOnlyList<ObjectUpload> Puts,
    [property: Id(1)] IReadOnlyList<BoxEntry> Additions,
    [property: Id(2)] IReadOnlyList<BoxEntry> Removals)
{
    /// <summary>
    /// Whether an unsigned caller may send it: it holds nothing but additions to message boxes (and the envelopes they
    /// add, with what those link to). Anything else needs a signed actor, puts alone too: they would be storage for
    /// anyone, where the protocol grants anonymous senders only message delivery.
    /// </summary>
    public bool OnlyAddsMessages =>
        Removals.Count == 0 && Additions.All(entry => entry.Box == BoxLabel.Messages) && (Additions.Count > 0 || Puts.Count == 0);
}
