using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Feeds;

/// <summary>The starts an upsert gives its selections, checked and gathered per partition (the feed keeps one place in each log).</summary>
internal static class FeedStarts
{
    /// <summary>
    /// The start of each partition a selection gives one for: a log position of 0 or more, or a time not in the future
    /// (the entries committed until then would be skipped, not waited for), not both; the selections of one partition
    /// share its cursor, so those that give a start must agree. A start of neither kind is "now", as no start is.
    /// </summary>
    public static Dictionary<Hash, FeedStart> Of(IReadOnlyList<PartitionSelection> selections, DateTimeOffset now)
    {
        var starts = new Dictionary<Hash, FeedStart>();
        foreach (var (selection, index) in selections.Select((selection, index) => (selection, index)))
        {
            if (selection.Start is not { } start || start is { AfterSequence: null, Time: null })
            {
                continue;
            }

            var field = $"partitionSelections[{index}].start";
            if (start is { AfterSequence: not null, Time: not null })
            {
                throw new InvalidInputException($"'{field}' is a log position or a time, not both.");
            }

            if (start.AfterSequence < 0)
            {
                throw new InvalidInputException($"'{field}' as a log position must be 0 or more, was {start.AfterSequence}.");
            }

            if (start.Time > now)
            {
                throw new InvalidInputException($"'{field}' as a time must not be in the future, was {start.Time:O}.");
            }

            if (starts.TryGetValue(selection.PartitionHash, out var other) && other != start)
            {
                throw new InvalidInputException($"'{field}': the selections of partition {selection.PartitionHash} share one place in its log, so they must start alike.");
            }

            starts[selection.PartitionHash] = start;
        }

        return starts;
    }
}
