using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ObjectStore.Hosting;
using ObjectStore.Silo.Condensation;
using ObjectStore.Silo.Http.Authentication;

namespace ObjectStore.Silo.Http.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter with one token bucket per authenticated user under <c>/object/v1</c>, and one per client
/// address for Condensation requests without a signature under <c>/cds</c>. A refused request is 429 with
/// <c>Retry-After</c>: a problem under <c>/object/v1</c>, plain text under <c>/cds</c>, as each answers its other errors.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddObjectStoreRateLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.SectionName);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, options) =>
        {
            var settings = options.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => PartitionOf(context, settings));
            limiter.OnRejected = (rejected, _) => RefuseAsync(rejected, settings);
        });
        return services;
    }

    /// <summary>After authentication, which names the user a bucket belongs to.</summary>
    public static WebApplication UseObjectStoreRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static RateLimitPartition<string> PartitionOf(HttpContext context, RateLimitOptions settings)
    {
        var request = context.Request;
        if (settings.PerUserTokenLimit > 0 && request.Path.StartsWithSegments(HttpApi.BasePath) && context.AuthenticatedUserId() is { } user)
        {
            return RateLimitPartition.GetTokenBucketLimiter($"user {user}",
                _ => Bucket(settings.PerUserTokenLimit, settings.PerUserTokensPerPeriod, settings.ReplenishmentPeriod));
        }

        // A request with signature headers is verified, and refused when they are wrong; only the unsigned are anyone's.
        if (settings.UnsignedCondensationTokenLimit > 0 && request.Path.StartsWithSegments(CondensationEndpoints.BasePath)
            && !HttpMethods.IsOptions(request.Method) && !RequestSignature.IsSigned(request))
        {
            return RateLimitPartition.GetTokenBucketLimiter($"address {context.Connection.RemoteIpAddress}",
                _ => Bucket(settings.UnsignedCondensationTokenLimit, settings.UnsignedCondensationTokensPerPeriod, settings.ReplenishmentPeriod));
        }

        return RateLimitPartition.GetNoLimiter("unlimited");
    }

    private static TokenBucketRateLimiterOptions Bucket(int tokenLimit, int tokensPerPeriod, TimeSpan period) => new()
    {
        TokenLimit = tokenLimit,
        TokensPerPeriod = tokensPerPeriod,
        ReplenishmentPeriod = period,
        AutoReplenishment = true,
        // A throttled request is answered at once: holding it would hold its connection too.
        QueueLimit = 0,
    };

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, RateLimitOptions settings)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : settings.ReplenishmentPeriod;
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (context.Request.Path.StartsWithSegments(CondensationEndpoints.BasePath))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                $"Too many unsigned requests from {context.Connection.RemoteIpAddress}; try again in {seconds} s, or sign the requests.\n", context.RequestAborted);
            return;
        }

        await Results.Problem(Problems.Create(StatusCodes.Status429TooManyRequests, Problems.Throttled,
            $"Too many requests from user {context.AuthenticatedUserId()}; try again in {seconds} s.")).ExecuteAsync(context);
    }
}
