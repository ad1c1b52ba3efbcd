using Microsoft.IdentityModel.Protocols;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>
/// Fetches discovery and key documents over https only; with <c>allowHttpOnLoopback</c>, also over http from a loopback
/// address (a test's own server), never from anywhere else, whatever a discovery document names.
/// </summary>
public sealed class LoopbackHttpDocumentRetriever(bool allowHttpOnLoopback) : IDocumentRetriever
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private readonly HttpDocumentRetriever _retriever = new(Client) { RequireHttps = !allowHttpOnLoopback };

    /// <summary>Whether keys may be fetched from <paramref name="address"/>.</summary>
    public static bool IsAllowed(Uri address, bool allowHttpOnLoopback) =>
        address.IsAbsoluteUri && (address.Scheme == Uri.UriSchemeHttps || (allowHttpOnLoopback && address.Scheme == Uri.UriSchemeHttp && address.IsLoopback));

    public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
        IsAllowed(new Uri(address), allowHttpOnLoopback)
            ? _retriever.GetDocumentAsync(address, cancel)
            : throw new InvalidOperationException($"Keys are fetched over https only (http on loopback with {JwtOptions.SectionName}:AllowHttpOnLoopback); refused {address}.");
}
