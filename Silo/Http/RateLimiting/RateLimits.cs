using Microsoft.Extensions.Options;
using ObjectStore.Hosting;

namespace ObjectStore.Silo.Http.RateLimiting;

/// <summary>The rate limits of <see cref="RateLimitMiddleware"/>, set by section <c>RateLimits</c>.</summary>
public static class RateLimits
{
    public static IServiceCollection AddObjectStoreRateLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.SectionName);
        return services;
    }

    /// <summary>After authentication, which names the user a bucket belongs to.</summary>
    public static WebApplication UseObjectStoreRateLimits(this WebApplication app)
    {
        app.UseMiddleware<RateLimitMiddleware>(app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value,
            app.Services.GetRequiredKeyedService<TimeProvider>(ObjectStoreClock.ServiceKey));
        return app;
    }
}
