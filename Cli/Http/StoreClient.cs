using System.Net.Http.Headers;
using System.Text.Json;
using ObjectStore.Objects;

namespace ObjectStore.Cli.Http;

/// <summary>
/// Calls the store's HTTP API under <c>/object/v1</c>; an error answer becomes a <see cref="RefusalException"/>. Bodies
/// go and come as bytes, so that canonical JSON reaches the caller exactly as the store holds it.
/// </summary>
public sealed class StoreClient(HttpClient http) : IDisposable
{
    private const string Api = "object/v1/";

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    public Task<byte[]> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellationToken) => Parse(await GetAsync(path, cancellationToken));

    public Task<byte[]> PostAsync(string path, byte[] body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    /// <summary>Stores an object at its absolute hash; the store answers the object as stored.</summary>
    public Task<byte[]> PutObjectAsync(Hash absoluteHash, byte[] body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, "objects/" + absoluteHash.ToUrlSafe(), body, cancellationToken);

    public Task<byte[]> DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    public async Task<byte[]> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, Api + path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonType;
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.IsSuccessStatusCode ? bytes : throw RefusalException.From(response.StatusCode, bytes);
    }

    public static JsonElement Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public void Dispose() => http.Dispose();
}
