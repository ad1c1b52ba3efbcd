using ObjectStore.Objects;
using ObjectStore.Sequences;

namespace ObjectStore.Storage;

/// <summary>An object of an absolute or current view, and where it stands in that view.</summary>
public sealed record SequenceItem(ViewPosition Position, StoredObject Object);
