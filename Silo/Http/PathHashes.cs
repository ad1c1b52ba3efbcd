using ObjectStore.Objects;

namespace ObjectStore.Silo.Http;

/// <summary>Hashes named in request paths.</summary>
public static class PathHashes
{
    /// <summary>
    /// Parses a hash from a path segment, in the standard or the URL-safe Base64 alphabet. Kestrel leaves an encoded
    /// <c>/</c> (<c>%2F</c>) encoded, since decoding it would change the path's segments, so it is decoded here.
    /// </summary>
    public static Hash Parse(string segment, string name) =>
        Hash.Parse(segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase), name);
}
