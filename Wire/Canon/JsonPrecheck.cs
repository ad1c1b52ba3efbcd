using System.Text.Json;
using ObjectStore.Errors;

namespace ObjectStore.Objects;

/// <summary>
/// One forward read of a body with <see cref="Utf8JsonReader"/>, before a <see cref="JsonDocument"/> is built: it refuses
/// malformed text, too deep nesting, strings that are not valid Unicode and, under a <see cref="JsonBudget"/>, objects
/// with too many values or whose canonical form must pass the size limit. It stops at the first token over a limit, so
/// what a refused body costs is bounded by the limits, not by the body.
/// </summary>
internal static class JsonPrecheck
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    public static void Check(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options, JsonBudget? budget)
    {
        // Canon JSON is hashed as written; a byte order mark would give the same text a second spelling.
        if (utf8Json.StartsWith(ByteOrderMark))
        {
            throw new InvalidInputException("The body is not valid JSON: it starts with a byte order mark.");
        }

        var reader = new Utf8JsonReader(utf8Json, options);
        var cost = new ObjectCost();
        try
        {
            while (reader.Read())
            {
                RequireValidUnicode(ref reader);
                if (budget is not null)
                {
                    cost.Add(ref reader, budget);
                }
            }
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"The body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>An escaped string may spell a lone surrogate (<c>"\ud800"</c>), which no .NET string can hold as text.</summary>
    private static void RequireValidUnicode(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped)
        {
            return;
        }

        try
        {
            reader.GetString();
        }
        catch (InvalidOperationException)
        {
            var what = reader.TokenType == JsonTokenType.PropertyName ? "member name" : "string";
            throw new InvalidInputException($"The JSON holds a {what} that is not valid Unicode (a lone surrogate) at byte {reader.TokenStartIndex}.");
        }
    }

    /// <summary>
    /// The running cost of the current object: its values, and a lower bound of its canonical size. Every value but a
    /// dropped null member stands on a line of its own, indented two spaces per level, and its text is never shorter
    /// than what is counted here, so nesting is paid for as the canonical form pays for it.
    /// </summary>
    private struct ObjectCost
    {
        private int _objects;
        private int _values;
        private long _canonicalFloor;

        /// <summary>The canonical bytes of the member name just read, owed unless its value is a null (which is dropped).</summary>
        private long _pendingName;

        public void Add(ref Utf8JsonReader reader, JsonBudget budget)
        {
            var depth = reader.CurrentDepth - budget.ObjectDepth;
            if (depth < 0 || reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                return;
            }

            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                _pendingName = 3 + TextFloor(ref reader);
                return;
            }

            if (depth == 0)
            {
                StartObject(ref reader, budget);
            }

            var droppedNull = reader.TokenType == JsonTokenType.Null && _pendingName > 0;
            _values++;
            _canonicalFloor += droppedNull ? 0 : _pendingName + (2L * depth) + 1 + ValueFloor(ref reader);
            _pendingName = 0;
            if (_values > budget.MaxValues)
            {
                throw new TooLargeException(
                    $"The object holds more than {budget.MaxValues} JSON values: value {_values} is refused at byte {reader.TokenStartIndex} of the body.");
            }

            if (_canonicalFloor > budget.MaxCanonicalBytes)
            {
                throw new TooLargeException(
                    $"The object's canonical form passes the maximum of {budget.MaxCanonicalBytes} bytes: refused at byte {reader.TokenStartIndex} of the body.");
            }
        }

        private void StartObject(ref Utf8JsonReader reader, JsonBudget budget)
        {
            if (++_objects > budget.MaxObjects)
            {
                throw new InvalidInputException($"A transaction holds 1 to {budget.MaxObjects} objects: object {_objects} is refused at byte {reader.TokenStartIndex} of the body.");
            }

            _values = 0;
            _canonicalFloor = 0;
            _pendingName = 0;
        }

        private static long ValueFloor(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.String => 2 + TextFloor(ref reader),
            JsonTokenType.StartObject or JsonTokenType.StartArray => 2,
            JsonTokenType.True or JsonTokenType.Null => 4,
            JsonTokenType.False => 5,
            _ => 1,
        };

        /// <summary>
        /// Unescaped text is written as sent; an escape of up to six bytes (<c>\u0041</c>) is written as at least one.
        /// </summary>
        private static long TextFloor(ref Utf8JsonReader reader) =>
            reader.ValueIsEscaped ? reader.ValueSpan.Length / 6 : reader.ValueSpan.Length;
    }
}
