using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ObjectStore.Errors;

namespace ObjectStore.Objects;

/// <summary>
/// Canon's canonical JSON, the form Symphony hashes: keys in ordinal order, two-space indentation, one member or
/// element per line, <c>"key":value</c>, <c>\n</c> line ends and a trailing <c>\n</c>; null members are dropped;
/// arrays keep their order; numbers are written as Java writes them.
/// </summary>
public static class CanonicalJson
{
    private const int MaxDepth = 64;

    /// <summary>The characters a canonical string escapes: the quote, the backslash and every control character below U+0020.</summary>
    private static readonly SearchValues<char> Escaped = SearchValues.Create(['"', '\\', .. Enumerable.Range(0, ' ').Select(code => (char)code)]);

    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        AllowTrailingCommas = false,
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    private static readonly JsonReaderOptions PrecheckOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    /// <summary>
    /// Longer number literals are refused before parsing: no 64-bit integer or double needs more, and parsing a
    /// megabyte of digits would hold a scheduler thread for seconds.
    /// </summary>
    private const int MaxNumberLength = 400;

    /// <summary>
    /// Parses UTF-8 JSON text; bytes that are not UTF-8, malformed text and strings that are not valid Unicode are an
    /// <see cref="InvalidInputException"/>, and a body over its <paramref name="budget"/> a <see cref="TooLargeException"/>,
    /// found by a forward read before the document is built.
    /// </summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8Json, JsonBudget? budget = null)
    {
        // Checked first so that the answer names the encoding rather than the JSON token the bad bytes fell in.
        if (!Utf8.IsValid(utf8Json.Span))
        {
            throw new InvalidInputException("The body is not valid UTF-8.");
        }

        JsonPrecheck.Check(utf8Json.Span, PrecheckOptions, budget);

        try
        {
            return JsonDocument.Parse(utf8Json, ParseOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"The body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// The canonical bytes of <paramref name="root"/>; writing stops with a <see cref="TooLargeException"/> as soon as
    /// they pass <paramref name="maxBytes"/>, so an object too large is never written whole.
    /// </summary>
    public static byte[] Serialize(JsonElement root, int maxBytes = int.MaxValue)
    {
        // Canonical form drops what was sent between tokens and adds line ends and indentation: for an object of a few
        // members and a long payload it is about the size sent, so a quarter more is room enough to write it in one buffer.
        var sent = JsonMarshal.GetRawUtf8Value(root).Length;
        var buffer = new BoundedBufferWriter(maxBytes, (int)Math.Min(maxBytes, (sent * 5L / 4) + 64));
        var writer = new CanonicalWriter(buffer);
        writer.WriteValue(root, indent: 0);
        writer.EndLine();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The Symphony hash (type 1) of canonical bytes.</summary>
    public static Hash HashOf(ReadOnlySpan<byte> canonical) => Hash.FromDigest(SHA256.HashData(canonical));

    /// <summary>
    /// A string in canonical form: <c>\\ \" \n \r \t \f \b</c> escaped, other characters below U+0020 as <c>\u00xx</c>,
    /// everything else as is. A line break inside a string is therefore always escaped: every <c>\n</c> byte of canonical
    /// JSON ends a line, which lets canonical bytes be re-indented line by line without parsing them.
    /// </summary>
    public static void WriteString(IBufferWriter<byte> output, string text)
    {
        if (text.AsSpan().IndexOfAny(Escaped) < 0)
        {
            // Most strings (hashes, Base64 payloads, sort keys) need no escape: written straight, without a copy.
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length) + 2);
            span[0] = (byte)'"';
            var written = Encoding.UTF8.GetBytes(text, span[1..]);
            span[written + 1] = (byte)'"';
            output.Advance(written + 2);
            return;
        }

        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\f': builder.Append("\\f"); break;
                case '\b': builder.Append("\\b"); break;
                case < ' ': builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }

        builder.Append('"');
        WriteUtf8(output, builder.ToString());
    }

    private static void WriteUtf8(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, span);
        output.Advance(written);
    }

    private readonly struct CanonicalWriter(IBufferWriter<byte> output)
    {
        public void WriteValue(JsonElement value, int indent)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    WriteObject(value, indent);
                    break;
                case JsonValueKind.Array:
                    WriteArray(value, indent);
                    break;
                case JsonValueKind.String:
                    WriteStringValue(value);
                    break;
                case JsonValueKind.Number:
                    WriteAscii(FormatNumber(value.GetRawText()));
                    break;
                case JsonValueKind.True:
                    WriteAscii("true");
                    break;
                case JsonValueKind.False:
                    WriteAscii("false");
                    break;
                default:
                    WriteAscii("null");
                    break;
            }
        }

        public void EndLine() => WriteAscii("\n");

        private void WriteObject(JsonElement value, int indent)
        {
            // Duplicates are looked for before nulls are dropped: {"owner":1,"owner":null} is ambiguous, not empty.
            var all = value.EnumerateObject().OrderBy(member => member.Name, StringComparer.Ordinal).ToList();
            for (var i = 1; i < all.Count; i++)
            {
                if (string.Equals(all[i - 1].Name, all[i].Name, StringComparison.Ordinal))
                {
                    throw new InvalidInputException($"The JSON object has the member '{all[i].Name}' twice.");
                }
            }

            var members = all.Where(member => member.Value.ValueKind != JsonValueKind.Null).ToList();

            WriteAscii("{");
            EndLine();
            for (var i = 0; i < members.Count; i++)
            {
                Indent(indent + 2);
                WriteString(members[i].Name);
                WriteAscii(":");
                WriteValue(members[i].Value, indent + 2);
                WriteSeparator(i, members.Count);
            }

            Indent(indent);
            WriteAscii("}");
        }

        private void WriteArray(JsonElement value, int indent)
        {
            var count = value.GetArrayLength();
            if (count == 0)
            {
                WriteAscii("[]");
                return;
            }

            WriteAscii("[");
            EndLine();
            var i = 0;
            foreach (var element in value.EnumerateArray())
            {
                Indent(indent + 2);
                WriteValue(element, indent + 2);
                WriteSeparator(i++, count);
            }

            Indent(indent);
            WriteAscii("]");
        }

        private void WriteSeparator(int index, int count)
        {
            if (index < count - 1)
            {
                WriteAscii(",");
            }

            EndLine();
        }

        private void Indent(int spaces)
        {
            var span = output.GetSpan(spaces);
            span[..spaces].Fill((byte)' ');
            output.Advance(spaces);
        }

        private void WriteString(string text) => CanonicalJson.WriteString(output, text);

        /// <summary>
        /// A string sent without a backslash is already canonical: JSON text holds no raw control character or quote
        /// inside a string, so its bytes, quotes included, are copied as sent instead of decoded and encoded again.
        /// </summary>
        private void WriteStringValue(JsonElement value)
        {
            var raw = JsonMarshal.GetRawUtf8Value(value);
            if (raw.Contains((byte)'\\'))
            {
                WriteString(value.GetString()!);
                return;
            }

            raw.CopyTo(output.GetSpan(raw.Length));
            output.Advance(raw.Length);
        }

        private void WriteAscii(string text) => WriteUtf8(output, text);
    }

    /// <summary>
    /// Integers that fit in 64 bits are written as plain digits. Other numbers become doubles and are written as
    /// Java's Double.toString (or Float.toString when the value is exactly a float, as Canon's parser decides).
    /// </summary>
    internal static string FormatNumber(string rawNumber)
    {
        if (rawNumber.Length > MaxNumberLength)
        {
            throw new InvalidInputException($"A number of {rawNumber.Length} characters is out of range.");
        }

        if (long.TryParse(rawNumber, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        if (BigInteger.TryParse(rawNumber, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new InvalidInputException($"The integer {rawNumber} does not fit in 64 bits.");
        }

        var value = double.Parse(rawNumber, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw new InvalidInputException($"The number {rawNumber} is out of range.");
        }

        var asFloat = (float)value;
        var shortest = (double)asFloat == value
            ? asFloat.ToString("R", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
        return ToJavaDecimal(shortest);
    }

    /// <summary>Rewrites .NET's shortest round-trip text ("1E+20", "0.001", "-12.5") in Java's Double.toString layout.</summary>
    private static string ToJavaDecimal(string shortest)
    {
        var negative = shortest.StartsWith('-');
        var unsigned = negative ? shortest[1..] : shortest;
        var exponentAt = unsigned.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? unsigned : unsigned[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(unsigned[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        var pointAt = mantissa.IndexOf('.');
        var digits = pointAt < 0 ? mantissa : mantissa.Remove(pointAt, 1);
        var integerDigits = pointAt < 0 ? mantissa.Length : pointAt;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        if (digits.Length == 0)
        {
            return negative ? "-0.0" : "0.0";
        }

        // The value is 0.d1d2d3... x 10^decimalExponent.
        var decimalExponent = integerDigits + exponent - leadingZeros;
        var sign = negative ? "-" : "";
        if (decimalExponent is > -3 and <= 7)
        {
            string text;
            if (decimalExponent <= 0)
            {
                text = "0." + new string('0', -decimalExponent) + digits;
            }
            else if (digits.Length <= decimalExponent)
            {
                text = digits + new string('0', decimalExponent - digits.Length) + ".0";
            }
            else
            {
                text = digits[..decimalExponent] + "." + digits[decimalExponent..];
            }

            return sign + text;
        }

        var fraction = digits.Length > 1 ? digits[1..] : "0";
        return sign + digits[0] + "." + fraction + "E" + (decimalExponent - 1).ToString(CultureInfo.InvariantCulture);
    }
}
