using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ObjectStore.Administration;
using ObjectStore.Errors;
using ObjectStore.Silo.Http;
using ObjectStore.Silo.Http.Authentication;

namespace ObjectStore.Silo.Dashboard;

/// <summary>
/// Lets an administrator's bearer token or the dashboard's basic credentials through; without any credentials
/// configured, only a caller on the silo's own machine (the start-up check keeps such a silo on loopback). Others get 401
/// with a basic challenge (a browser then asks for the user name and password), 403 for a valid token of someone who is
/// not an administrator, or 429 once their address has sent too many wrong basic credentials (<see cref="DashboardSignIns"/>).
/// </summary>
public sealed class DashboardAccessFilter(IOptions<SiloDashboardOptions> dashboard, IOptions<AdministratorOptions> administrators, DashboardSignIns signIns)
    : IEndpointFilter
{
    /// <summary>Headers a proxy adds: a request carrying them was relayed for someone else, wherever the proxy runs.</summary>
    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Real-IP"];

    private readonly byte[]? _credentials = dashboard.Value.HasPassword ? Digest($"{dashboard.Value.UserName}:{dashboard.Value.Password}") : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (IsAdministrator(context))
        {
            return await next(invocation);
        }

        if (BasicCredentials(context.Request) is { } given)
        {
            var caller = context.Connection.RemoteIpAddress;
            if (signIns.IsBarred(caller, out var wait))
            {
                return Throttled(context, wait);
            }

            if (CryptographicOperations.FixedTimeEquals(Digest(given), _credentials))
            {
                return await next(invocation);
            }

            signIns.Failed(caller);
        }
        else if (IsOpenLocally(context))
        {
            return await next(invocation);
        }

        if (context.AuthenticatedUserId() is { } user)
        {
            return Results.Problem(Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, $"User {user} is not one of the store's administrators."));
        }

        if (_credentials is not null)
        {
            context.Response.Headers.Append("WWW-Authenticate", "Basic realm=\"ObjectStore dashboard\", charset=\"UTF-8\"");
        }

        context.Response.Headers.Append("WWW-Authenticate", "Bearer");
        return Results.Problem(Problems.Create(StatusCodes.Status401Unauthorized, Problems.Unauthenticated,
            "The dashboard needs an administrator's bearer token or the dashboard's user name and password."));
    }

    private bool IsAdministrator(HttpContext context) => context.AuthenticatedUserId() is { } user && administrators.Value.IsAdministrator(user);

    /// <summary>The user name and password of a basic authorization header, when the dashboard has any to compare with.</summary>
    private string? BasicCredentials(HttpRequest request) =>
        _credentials is not null
        && AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
        && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            ? TryDecode(header.Parameter) ?? ""
            : null;

    /// <summary>
    /// The caller's address, not the silo's: the silo listens on loopback in this mode, so its own address says nothing.
    /// A proxy on this machine makes every caller look local, so a relayed request is not let in on its address.
    /// </summary>
    private bool IsOpenLocally(HttpContext context) =>
        _credentials is null && administrators.Value.UserIds.Count == 0
        && context.Connection.RemoteIpAddress is { } caller && IPAddress.IsLoopback(caller)
        && !ForwardingHeaders.Any(context.Request.Headers.ContainsKey);

    private static object Throttled(HttpContext context, TimeSpan wait)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(Problems.Create(StatusCodes.Status429TooManyRequests, Problems.Throttled,
            $"Too many wrong dashboard credentials from this address; try again in {seconds} s."));
    }

    private static string? TryDecode(string? parameter)
    {
        var bytes = new byte[(parameter?.Length ?? 0) * 3 / 4];
        return Convert.TryFromBase64String(parameter ?? "", bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }

    /// <summary>Digests are compared in fixed time, so that neither the password nor its length leaks through timing.</summary>
    private static byte[] Digest(string credentials) => SHA256.HashData(Encoding.UTF8.GetBytes(credentials));
}
