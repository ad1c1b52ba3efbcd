namespace ObjectStore.Sequences;

/// <summary>The two views of a sequence (seed 000).</summary>
[GenerateSerializer, Alias("ObjectStore.SequenceView")]
public enum SequenceView
{
    /// <summary>Every version at its own createdDate, ordered by (createdDate, absoluteHash): an audit trail.</summary>
    Absolute = 0,

    /// <summary>
    /// Each object once, at the createdDate of its first version, showing its current version, ordered by (that
    /// createdDate, baseHash); logically deleted objects are left out: a table.
    /// </summary>
    Current = 1,
}
