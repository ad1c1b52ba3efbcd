using System.Text.Json;
using System.Text.Json.Nodes;
using ObjectStore.Objects;

namespace ObjectStore.Silo.Http;

/// <summary>
/// Response bodies in Canon's canonical JSON: stored objects exactly as hashed, and pages in the
/// <c>{pagination:{cursors:{before, after}}, data:[...]}</c> shape of the REST model (<c>after</c> absent on the last page).
/// </summary>
public static class CanonResponses
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public static IResult Json(byte[] canonical) => Results.Bytes(canonical, JsonContentType);

    public static IResult Page<T>(Page<T> page, Func<T, byte[]> canonicalOf) => Json(Canonical(new JsonObject
    {
        ["pagination"] = new JsonObject
        {
            ["cursors"] = new JsonObject { ["before"] = page.Before, ["after"] = page.After },
        },
        ["data"] = new JsonArray([.. page.Items.Select(item => JsonNode.Parse(canonicalOf(item)))]),
    }));

    public static IResult Array(IEnumerable<byte[]> canonicalItems) =>
        Json(Canonical(new JsonArray([.. canonicalItems.Select(item => JsonNode.Parse(item))])));

    /// <summary>Canon's PlainText, the body of <c>GET /version</c>.</summary>
    public static IResult PlainText(string text) => Json(Canonical(new JsonObject
    {
        ["_type"] = "com.symphony.s2.model.core.PlainText",
        ["_version"] = "1.0",
        ["text"] = text,
    }));

    private static byte[] Canonical(JsonNode node) => CanonicalJson.Serialize(JsonSerializer.SerializeToElement(node));
}
