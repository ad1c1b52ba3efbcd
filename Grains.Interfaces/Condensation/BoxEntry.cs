namespace ObjectStore.Condensation;

/// <summary>A hash in one box of one account.</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.BoxEntry")]
public readonly record struct BoxEntry(
    [property: Id(0)] CondensationHash Account,
    [property: Id(1)] BoxLabel Box,
    [property: Id(2)] CondensationHash Hash);
