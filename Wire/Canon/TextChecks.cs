using ObjectStore.Errors;

namespace ObjectStore.Objects;

/// <summary>Checks on the text of keys and names that every path in applies the same way.</summary>
public static class TextChecks
{
    /// <summary>
    /// Control characters (U+0000 to U+001F, U+007F to U+009F) are refused in keys and names: PostgreSQL cannot store
    /// U+0000 in text and SQLite's string functions stop at it, so the two backends would disagree.
    /// </summary>
    public static void RejectControlCharacters(string? text, string field)
    {
        if (text is not null && text.Any(char.IsControl))
        {
            throw new InvalidInputException($"'{field}' must not contain control characters.");
        }
    }
}
