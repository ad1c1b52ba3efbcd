using System.Text.Json;
using System.Text.Json.Nodes;
using ObjectStore.Objects;

namespace ObjectStore.Cli.Commands;

/// <summary>An object in canonical form and its absolute hash, computed here as the store computes it.</summary>
internal sealed record CanonicalBody(byte[] Bytes, Hash Hash)
{
    public static CanonicalBody Of(JsonNode json) => Of(JsonSerializer.SerializeToUtf8Bytes(json));

    public static CanonicalBody Of(ReadOnlyMemory<byte> json)
    {
        using var document = CanonicalJson.Parse(json);
        var canonical = CanonicalJson.Serialize(document.RootElement);
        return new CanonicalBody(canonical, CanonicalJson.HashOf(canonical));
    }
}
