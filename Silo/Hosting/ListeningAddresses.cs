using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace ObjectStore.Silo.Hosting;

/// <summary>
/// Where the silo's HTTP server listens, as any ASP.NET Core application reads it: <c>Urls</c> (also
/// <c>ASPNETCORE_URLS</c> and <c>--urls</c>), <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c>, or <c>Kestrel:Endpoints</c>;
/// <see cref="Default"/> when none of them is given.
/// </summary>
public static class ListeningAddresses
{
    /// <summary>Loopback only: a silo started without settings is not reachable from other machines.</summary>
    public const string Default = "http://localhost:5080";

    private const string HttpPortsKey = "http_ports";
    private const string HttpsPortsKey = "https_ports";
    private const string KestrelEndpointsKey = "Kestrel:Endpoints";

    public static bool AreConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrWhiteSpace(configuration[HttpPortsKey])
        || !string.IsNullOrWhiteSpace(configuration[HttpsPortsKey])
        || configuration.GetSection(KestrelEndpointsKey).GetChildren().Any();

    /// <summary>The addresses the configuration names (endpoints first, as Kestrel prefers them), or <see cref="Default"/>.</summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection(KestrelEndpointsKey).GetChildren().Select(endpoint => endpoint["Url"]).OfType<string>().ToList();
        if (endpoints.Count > 0)
        {
            return endpoints;
        }

        // Ports alone mean every address, as ASP.NET Core binds them.
        var ports = new[] { (HttpPortsKey, "http"), (HttpsPortsKey, "https") }
            .SelectMany(setting => Split(configuration[setting.Item1]).Select(port => $"{setting.Item2}://*:{port}"));
        var urls = Split(configuration[WebHostDefaults.ServerUrlsKey]).Concat(ports).ToList();
        return urls.Count > 0 ? urls : [Default];
    }

    /// <summary>Whether <paramref name="url"/> binds loopback only: <c>localhost</c> or a loopback IP address.</summary>
    public static bool IsLoopback(string url)
    {
        var host = url.Split("://", 2) is [_, var rest] ? rest : url;
        host = host.Split('/', 2)[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']')] : host.Split(':')[0];
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
