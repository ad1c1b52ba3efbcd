using System.Text.Json;
using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Silo.Canon;

/// <summary>
/// Reads the members of a Canon request body that is not a stored object. <c>_type</c> may be left out, but when present
/// it must name the type the endpoint takes; members the model does not know are ignored, as Canon's own parsers do. Only
/// the JSON shapes are checked here; the grains check the values.
/// </summary>
internal static class RequestReader
{
    private static readonly long MinEpochMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxEpochMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Parses a JSON object of the given <c>_type</c> (when it names one) and reads it while the document is open.</summary>
    public static T ReadObject<T>(byte[] json, string? type, Func<JsonElement, T> read)
    {
        using var document = CanonicalJson.Parse(json);
        var root = document.RootElement;
        RequireObject(root, "The body");
        if (type is not null)
        {
            RequireType(root, type, "The body");
        }

        return read(root);
    }

    /// <summary>Parses a body that must be a JSON array and reads its items (each with its field name, <c>[i]</c>) while the document is open.</summary>
    public static T ReadArray<T>(byte[] json, string of, Func<List<(JsonElement Value, string Field)>, T> read)
    {
        using var document = CanonicalJson.Parse(json);
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Array
            ? read([.. root.EnumerateArray().Select((item, index) => (item, $"[{index}]"))])
            : throw new InvalidInputException($"The body must be a JSON array of {of}.");
    }

    /// <summary>The items of an array member with the field name of each (<c>name[i]</c>); none when the member is absent or null.</summary>
    public static List<(JsonElement Value, string Field)> OptionalArray(JsonElement parent, string name, string of, string? field = null)
    {
        field ??= name;
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Select((item, index) => (item, $"{field}[{index}]"))]
            : throw new InvalidInputException($"'{field}' must be an array of {of}.");
    }

    /// <summary>An item of an array that must be an object of the given <c>_type</c> (when it names one).</summary>
    public static JsonElement RequireTyped((JsonElement Value, string Field) item, string type)
    {
        RequireObject(item.Value, $"'{item.Field}'");
        RequireType(item.Value, type, $"'{item.Field}'");
        return item.Value;
    }

    public static void RequireObject(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException($"{what} must be a JSON object.");
        }
    }

    public static void RequireType(JsonElement element, string type, string what)
    {
        if (element.TryGetProperty("_type", out var actual) && !(actual.ValueKind == JsonValueKind.String && actual.GetString() == type))
        {
            throw new InvalidInputException($"{what} has _type {actual.GetRawText()}; this takes a {type}.");
        }
    }

    public static string RequiredString(JsonElement element, string name, string field) =>
        element.TryGetProperty(name, out var value) ? StringOf(value, field) : throw new InvalidInputException($"'{field}' is required and must be a string.");

    public static string? OptionalString(JsonElement element, string name, string field) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? StringOf(value, field) : null;

    public static string StringOf(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new InvalidInputException($"'{field}' must be a string.");

    public static int? OptionalInt32(JsonElement element, string name, string? field = null)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new InvalidInputException($"'{field ?? name}' must be a 32-bit integer.");
    }

    /// <summary>A Canon TimeStamp: a number of milliseconds, since the Unix epoch when it is a time.</summary>
    public static long? OptionalMilliseconds(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var milliseconds) && milliseconds >= MinEpochMilliseconds && milliseconds <= MaxEpochMilliseconds
            ? milliseconds
            : throw new InvalidInputException($"'{name}' must be an integer number of milliseconds: a time to live, or a time since 1970-01-01T00:00:00Z.");
    }

    public static long RequiredUserId(JsonElement element, string name, string field) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var userId)
            ? userId
            : throw new InvalidInputException($"'{field}' is required and must be a 64-bit integer user id.");
}
