using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Sequences;

/// <summary>
/// A query over a sequence (a partition's log, an absolute or current view). <see cref="After"/> and
/// <see cref="Before"/> are exclusive cursors taken from an earlier page, not both: after answers what follows the cursor
/// in the scan direction, before what precedes it (in scan order). <see cref="From"/> (inclusive) and <see cref="To"/>
/// (exclusive) bound the items' createdDate, ISO-8601 instants in UTC with up to nine fraction digits.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.SequenceQuery")]
public sealed record SequenceQuery
{
    [Id(0)] public int Limit { get; init; } = PageLimits.Default;

    [Id(1)] public string? After { get; init; }

    [Id(2)] public string? Before { get; init; }

    [Id(3)] public bool ScanForwards { get; init; } = true;

    [Id(4)] public string? From { get; init; }

    [Id(5)] public string? To { get; init; }

    /// <summary>Checks the limit and the cursors' combination, and answers the createdDate bounds as instant keys.</summary>
    public SequenceBounds Validate()
    {
        PageLimits.Validate(Limit);
        if (After is not null && Before is not null)
        {
            throw new InvalidInputException("Give 'after' or 'before', not both.");
        }

        var bounds = new SequenceBounds(From is null ? null : SequenceInstant.Parse(From, "from"), To is null ? null : SequenceInstant.Parse(To, "to"));
        if (bounds.From is not null && bounds.To is not null && string.CompareOrdinal(bounds.From, bounds.To) > 0)
        {
            throw new InvalidInputException("'from' must not be later than 'to'.");
        }

        return bounds;
    }
}
