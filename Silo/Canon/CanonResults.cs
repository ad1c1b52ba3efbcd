namespace ObjectStore.Silo.Canon;

/// <summary>Canonical bytes as an HTTP response.</summary>
public static class CanonResults
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public static IResult Json(byte[] canonical) => Results.Bytes(canonical, JsonContentType);
}
