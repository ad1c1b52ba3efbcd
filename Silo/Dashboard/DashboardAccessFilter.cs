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
/// with a basic challenge (a browser then asks for the user name and password), or 403 for a valid token of someone
/// who is not an administrator.
/// </summary>
public sealed class DashboardAccessFilter(IOptions<SiloDashboardOptions> dashboard, IOptions<AdministratorOptions> administrators) : IEndpointFilter
{
    private readonly byte[]? _credentials = dashboard.Value.HasPassword ? Digest($"{dashboard.Value.UserName}:{dashboard.Value.Password}") : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (IsAdministrator(context) || HasCredentials(context.Request) || IsOpenLocally(context))
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

    /// <summary>Compares digests in fixed time, so that neither the password nor its length leaks through timing.</summary>
    private bool HasCredentials(HttpRequest request) =>
        _credentials is not null
        && AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
        && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
        && TryDecode(header.Parameter) is { } given
        && CryptographicOperations.FixedTimeEquals(Digest(given), _credentials);

    private bool IsOpenLocally(HttpContext context) =>
        _credentials is null && administrators.Value.UserIds.Count == 0
        && context.Connection.LocalIpAddress is { } local && System.Net.IPAddress.IsLoopback(local);

    private static string? TryDecode(string? parameter)
    {
        var bytes = new byte[(parameter?.Length ?? 0) * 3 / 4];
        return Convert.TryFromBase64String(parameter ?? "", bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }

    private static byte[] Digest(string credentials) => SHA256.HashData(Encoding.UTF8.GetBytes(credentials));
}
