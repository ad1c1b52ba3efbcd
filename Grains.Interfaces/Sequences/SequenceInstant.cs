using System.Globalization;
using System.Text.RegularExpressions;
using ObjectStore.Errors;

namespace ObjectStore.Sequences;

/// <summary>
/// Instants as sequences order them: ISO-8601 UTC text with exactly nine fraction digits
/// (<c>2020-06-09T10:08:19.858000000Z</c>), so that comparing the text, byte by byte, compares the instants at nanosecond
/// resolution on both databases, for any year from 0001 to 9999.
/// </summary>
public static partial class SequenceInstant
{
    public const int Length = 30;

    /// <summary>
    /// The key of a <c>createdDate</c> the object parser accepted (seconds, then up to nine fraction digits, then Z):
    /// its fraction padded to nine digits.
    /// </summary>
    public static string KeyOfValidated(string instant)
    {
        var fraction = instant.Length > 20 ? instant[20..^1] : "";
        return $"{instant[..19]}.{fraction.PadRight(9, '0')}Z";
    }

    /// <summary>The key of a time the store took (a commit time): .NET's ticks are 100 ns, so the last two digits are 0.</summary>
    public static string Of(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses an instant a caller gave as a bound (<c>from</c>, <c>to</c>) into its key; 400 when it is not one.</summary>
    public static string Parse(string text, string field)
    {
        var match = Pattern().Match(text);
        if (!match.Success || !DateTime.TryParseExact(match.Groups["seconds"].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out _))
        {
            throw new InvalidInputException($"'{field}' must be an ISO-8601 instant in UTC with up to nine fraction digits, such as 2020-06-09T10:38:59.629Z; was '{text}'.");
        }

        return KeyOfValidated(text);
    }

    /// <summary>Whether <paramref name="key"/> is a key this class makes: a cursor holding anything else was not made here.</summary>
    public static bool IsKey(string key) => key.Length == Length && KeyPattern().IsMatch(key);

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?Z$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$")]
    private static partial Regex KeyPattern();
}
