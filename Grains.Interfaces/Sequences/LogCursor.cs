using System.Globalization;
using ObjectStore.Errors;

namespace ObjectStore.Sequences;

/// <summary>A cursor of a partition's log: the sequence number of the entry it points at.</summary>
public static class LogCursor
{
    public static string Of(long sequence) => sequence.ToString(CultureInfo.InvariantCulture);

    public static long Parse(string cursor, string field) =>
        long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new InvalidInputException($"'{field}' is not a cursor of this log: '{cursor}'.");
}
