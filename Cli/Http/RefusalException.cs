using System.Net;
using System.Text;
using System.Text.Json;

namespace ObjectStore.Cli.Http;

/// <summary>The store answered with an error: its status, and the problem type and detail of its RFC 9457 answer.</summary>
public sealed class RefusalException(int status, string type, string detail) : Exception($"{type} ({status}): {detail}")
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string Detail { get; } = detail;

    /// <summary>Reads a problem-details answer; any other error body (a proxy's page) is kept as its first line.</summary>
    public static RefusalException From(HttpStatusCode status, byte[] body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
            {
                var detail = root.TryGetProperty("detail", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : "";
                return new RefusalException((int)status, type.GetString()!, detail);
            }
        }
        catch (JsonException)
        {
            // Not a problem document: the text itself says what happened.
        }

        var firstLine = Encoding.UTF8.GetString(body).Split('\n', 2)[0].Trim();
        return new RefusalException((int)status, $"http-{(int)status}", firstLine.Length > 0 ? firstLine : status.ToString());
    }
}
