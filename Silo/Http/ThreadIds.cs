namespace ObjectStore.Silo.Http;

/// <summary>Thread ids named in request paths.</summary>
public static class ThreadIds
{
    /// <summary>
    /// A thread id is standard Base64, which has '/' and '+': a path may carry it URL-safe (<c>-</c>, <c>_</c>) or with '/'
    /// encoded (<c>%2F</c>, which Kestrel leaves encoded). Neither '-' nor '_' is Base64, so turning them back is safe.
    /// </summary>
    public static string FromPath(string segment) =>
        segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase).Replace('-', '+').Replace('_', '/');
}
