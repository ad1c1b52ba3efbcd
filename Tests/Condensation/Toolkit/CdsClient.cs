using System.Globalization;
using System.Net.Http.Headers;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// The Condensation requests of a store served under <see cref="BasePath"/>, signed by <see cref="Signer"/> or
/// unsigned when it is null. Each returns the response as it came, for the test to check.
/// </summary>
public sealed class CdsClient(Uri serverAddress, RequestSigner? signer = null) : IDisposable
{
    public const string BasePath = "/cds";
    public const string AccountsPath = BasePath + "/accounts";
    public const string WatchHeaderName = "Condensation-Watch";

    /// <summary>The media types the reference client sends its bodies with.</summary>
    public const string ObjectMediaType = "application/condensation-object";
    public const string ModificationsMediaType = "application/condensation-modifications";

    private readonly HttpClient _http = new();

    public RequestSigner? Signer => signer;

    /// <summary>How long a request may take before the client gives up (HttpClient's 100 s unless changed).</summary>
    public TimeSpan Timeout
    {
        get => _http.Timeout;
        set => _http.Timeout = value;
    }

    public static string ObjectPath(CdsHash hash) => $"{BasePath}/objects/{hash.Hex}";

    public static string BoxPath(CdsHash account, string box) => $"{AccountsPath}/{account.Hex}/{box}";

    public static string EntryPath(CdsHash account, string box, CdsHash hash) => $"{BoxPath(account, box)}/{hash.Hex}";

    public Task<HttpResponseMessage> GetObjectAsync(CdsHash hash) => SendAsync(HttpMethod.Get, ObjectPath(hash));

    public Task<HttpResponseMessage> HeadObjectAsync(CdsHash hash) => SendAsync(HttpMethod.Head, ObjectPath(hash));

    public Task<HttpResponseMessage> PutObjectAsync(CdsObject cdsObject) => PutObjectAsync(cdsObject.Hash, cdsObject.Bytes);

    /// <summary>PUTs any bytes at any hash, to check what the store makes of bytes that are not what the hash names.</summary>
    public Task<HttpResponseMessage> PutObjectAsync(CdsHash hash, ReadOnlyMemory<byte> bytes) =>
        SendAsync(HttpMethod.Put, ObjectPath(hash), bytes, ObjectMediaType);

    /// <summary>Books an object (POST, empty body unless <paramref name="body"/> is given).</summary>
    public Task<HttpResponseMessage> BookAsync(CdsHash hash, ReadOnlyMemory<byte>? body = null) =>
        SendAsync(HttpMethod.Post, ObjectPath(hash), body, body is null ? null : ObjectMediaType);

    /// <summary>Lists a box; with <paramref name="watch"/>, asks the store to wait that long for it to fill (<c>Condensation-Watch: N ms</c>).</summary>
    public Task<HttpResponseMessage> ListAsync(CdsHash account, string box, TimeSpan? watch = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, BoxPath(account, box),
            headers: watch is { } wait ? [(WatchHeaderName, $"{(long)wait.TotalMilliseconds} ms".ToString(CultureInfo.InvariantCulture))] : null,
            cancellationToken: cancellationToken);

    public Task<HttpResponseMessage> HeadListAsync(CdsHash account, string box) => SendAsync(HttpMethod.Head, BoxPath(account, box));

    public Task<HttpResponseMessage> AddAsync(CdsHash account, string box, CdsHash hash) => SendAsync(HttpMethod.Put, EntryPath(account, box, hash));

    public Task<HttpResponseMessage> RemoveAsync(CdsHash account, string box, CdsHash hash) => SendAsync(HttpMethod.Delete, EntryPath(account, box, hash));

    public Task<HttpResponseMessage> ModifyAsync(CdsObject modifications) => ModifyAsync(modifications.Bytes);

    /// <summary>POSTs any bytes as a modify body, to check what the store makes of bodies that are not modifications.</summary>
    public Task<HttpResponseMessage> ModifyAsync(ReadOnlyMemory<byte> body) => SendAsync(HttpMethod.Post, AccountsPath, body, ModificationsMediaType);

    public Task<HttpResponseMessage> OptionsAsync(string path) => SendAsync(HttpMethod.Options, path);

    /// <summary>
    /// Sends any request to <paramref name="pathAndQuery"/> on the server (base path included), with extra
    /// <paramref name="headers"/>, signed when the client has a signer.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        ReadOnlyMemory<byte>? body = null,
        string? contentType = null,
        IEnumerable<(string Name, string Value)>? headers = null,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, new Uri(serverAddress, pathAndQuery));
        if (body is { } bytes)
        {
            request.Content = new ReadOnlyMemoryContent(bytes);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            }
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        signer?.Apply(request, body is { } signed ? signed.Span : []);
        return await _http.SendAsync(request, cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}
