using System.Net.Http.Headers;
using ObjectStore.Client;
using ObjectStore.Objects;

namespace ObjectStore.Bench;

/// <summary>H1's writes, as an HTTP client of the store sends them: the object's canonical JSON, PUT at its own hash.</summary>
public static class HttpCreates
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static async Task PutAsync(HttpClient http, ObjectDraft draft)
    {
        byte[] canonical;
        using (var document = CanonicalJson.Parse(draft.ToUtf8Json()))
        {
            canonical = CanonicalJson.Serialize(document.RootElement);
        }

        using var content = new ByteArrayContent(canonical);
        content.Headers.ContentType = Json;
        using var response = await http.PutAsync($"/object/v1/objects/{CanonicalJson.HashOf(canonical).ToUrlSafe()}", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
