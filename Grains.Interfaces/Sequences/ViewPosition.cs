using System.Text;
using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Sequences;

/// <summary>
/// Where an item stands in an absolute or current view: its instant key (<see cref="SequenceInstant"/>) and the hash that
/// breaks ties (the absolute hash in the absolute view, the base hash in the current one). Its cursor is opaque to callers:
/// URL-safe Base64 of both, so that they pass back what a page gave rather than build one.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.ViewPosition")]
public sealed record ViewPosition([property: Id(0)] string CreatedKey, [property: Id(1)] Hash Hash)
{
    public string ToCursor() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CreatedKey} {Hash.Value}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ViewPosition ParseCursor(string cursor, string field)
    {
        var invalid = new InvalidInputException($"'{field}' is not a cursor of this sequence: '{cursor}'.");
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        var buffer = new byte[base64.Length];
        if (cursor.Length > 200 || !Convert.TryFromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='), buffer, out var written))
        {
            throw invalid;
        }

        var parts = Encoding.UTF8.GetString(buffer, 0, written).Split(' ');
        return parts.Length == 2 && SequenceInstant.IsKey(parts[0]) && Hash.TryParse(parts[1], out var hash) && hash.Value == parts[1]
            ? new ViewPosition(parts[0], hash)
            : throw invalid;
    }
}
