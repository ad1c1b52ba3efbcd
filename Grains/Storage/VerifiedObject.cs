using ObjectStore.Condensation;

namespace ObjectStore.Storage;

/// <summary>An object checked against its hash and read for what the store keeps of it.</summary>
public sealed record VerifiedObject(CondensationHash Hash, CondensationObject Object, ObjectFacts Facts);
