using System.Text.Json;

namespace ObjectStore.Cli.Output;

/// <summary>What a table shows of a stored object (a StoredApplicationObject or its tombstone) read as JSON.</summary>
internal static class ObjectView
{
    public static string Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : "";

    /// <summary>"stored", or the tombstone's kind of delete.</summary>
    public static string Kind(JsonElement item) =>
        Text(item, "_type").EndsWith("DeletedApplicationObject", StringComparison.Ordinal) ? Text(item, "deletionType").ToLowerInvariant() + " delete" : "stored";

    public static string PayloadSize(JsonElement item)
    {
        var payload = Text(item, "encryptedPayload");
        return payload.Length == 0 ? "" : $"{payload.Length / 4 * 3 - payload.Count(c => c == '=')} B";
    }
}
