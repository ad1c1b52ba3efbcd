using System.Globalization;
using ObjectStore.Silo.Condensation;
using ObjectStore.Silo.Http.Authentication;

namespace ObjectStore.Silo.Http.RateLimiting;

/// <summary>
/// One token bucket per authenticated user under <c>/object/v1</c>, and one per client address for Condensation
/// requests without a signature under <c>/cds</c>; every other request passes untouched. A refused request is 429 with
/// <c>Retry-After</c>: a problem under <c>/object/v1</c>, plain text under <c>/cds</c>, as each answers its other errors.
/// </summary>
/// <remarks>
/// Not ASP.NET Core's rate limiter: its partitioned limiters run a timer every 100 ms to refill and expire buckets, which
/// was a third of what an idle silo spent. <see cref="TokenBuckets"/> refill when a caller comes back instead.
/// </remarks>
public sealed class RateLimitMiddleware(RequestDelegate next, RateLimitOptions settings, TimeProvider clock)
{
    private readonly TokenBuckets _users = new(settings.PerUserTokenLimit, settings.PerUserTokensPerPeriod, settings.ReplenishmentPeriod, clock);
    private readonly TokenBuckets _addresses = new(settings.UnsignedCondensationTokenLimit, settings.UnsignedCondensationTokensPerPeriod,
        settings.ReplenishmentPeriod, clock);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (settings.PerUserTokenLimit > 0 && request.Path.StartsWithSegments(HttpApi.BasePath) && context.AuthenticatedUserId() is { } user)
        {
            return _users.TryTake(user.ToString(CultureInfo.InvariantCulture), out var wait) ? next(context) : RefuseUserAsync(context, user, wait);
        }

        // A request with signature headers is verified, and refused when they are wrong; only the unsigned are anyone's.
        if (settings.UnsignedCondensationTokenLimit > 0 && request.Path.StartsWithSegments(CondensationEndpoints.BasePath)
            && !HttpMethods.IsOptions(request.Method) && !RequestSignature.IsSigned(request))
        {
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "";
            return _addresses.TryTake(address, out var wait) ? next(context) : RefuseAddressAsync(context, address, wait);
        }

        return next(context);
    }

    private static Task RefuseUserAsync(HttpContext context, long user, TimeSpan wait)
    {
        var seconds = Refuse(context, wait);
        return Results.Problem(Problems.Create(StatusCodes.Status429TooManyRequests, Problems.Throttled,
            $"Too many requests from user {user}; try again in {seconds} s.")).ExecuteAsync(context);
    }

    private static Task RefuseAddressAsync(HttpContext context, string address, TimeSpan wait)
    {
        var seconds = Refuse(context, wait);
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"Too many unsigned requests from {address}; try again in {seconds} s, or sign the requests.\n",
            context.RequestAborted);
    }

    private static long Refuse(HttpContext context, TimeSpan wait)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }
}
