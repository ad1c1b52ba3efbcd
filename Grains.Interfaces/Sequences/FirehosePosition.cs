using System.Globalization;
using ObjectStore.Errors;

namespace ObjectStore.Sequences;

/// <summary>
/// Where a commit stands in the firehose: the database transaction that wrote it (PostgreSQL's 64-bit transaction id;
/// 0 on SQLite, whose single writer commits in position order) and its store-wide log position. The firehose is ordered
/// by both and only reads below the oldest transaction still in flight, so a commit still in flight when a page was read
/// always sorts after that page's cursor.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.FirehosePosition")]
public sealed record FirehosePosition([property: Id(0)] long Transaction, [property: Id(1)] long Position)
{
    public string ToCursor() => string.Create(CultureInfo.InvariantCulture, $"{Transaction}.{Position}");

    public static FirehosePosition ParseCursor(string cursor, string field)
    {
        var parts = cursor.Split('.');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var transaction)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? new FirehosePosition(transaction, position)
            : throw new InvalidInputException($"'{field}' is not a cursor of the firehose: '{cursor}'.");
    }
}
