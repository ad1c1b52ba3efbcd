using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Sequences;

/// <summary>
/// A query over a sequence (a partition's log). <see cref="After"/> and <see cref="Before"/> are exclusive cursors
/// taken from an earlier page, not both: after answers what follows the cursor in the scan direction, before what
/// precedes it (in scan order).
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.SequenceQuery")]
public sealed record SequenceQuery
{
    [Id(0)] public int Limit { get; init; } = PageLimits.Default;

    [Id(1)] public string? After { get; init; }

    [Id(2)] public string? Before { get; init; }

    [Id(3)] public bool ScanForwards { get; init; } = true;

    public void Validate()
    {
        PageLimits.Validate(Limit);
        if (After is not null && Before is not null)
        {
            throw new InvalidInputException("Give 'after' or 'before', not both.");
        }
    }

    /// <summary>The cursor given and whether it is a <c>before</c> one; null when the query starts at an end.</summary>
    public (string Cursor, bool IsBefore)? Cursor =>
        Before is not null ? (Before, true) : After is not null ? (After, false) : null;
}
