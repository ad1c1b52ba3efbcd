using System.Net;
using Microsoft.Extensions.Options;
using ObjectStore.Hosting;
using ObjectStore.Silo.Http.RateLimiting;

namespace ObjectStore.Silo.Dashboard;

/// <summary>
/// Counts wrong basic credentials per caller address (<see cref="SiloDashboardOptions.FailedSignInsPerMinute"/>), so that
/// nobody can try passwords at the speed of the network: a caller who has spent its failures is refused, right password
/// or not, until its bucket refills. Right credentials cost nothing, since a browser sends them with every request.
/// </summary>
public sealed class DashboardSignIns(IOptions<SiloDashboardOptions> dashboard, [FromKeyedServices(ObjectStoreClock.ServiceKey)] TimeProvider clock)
{
    private readonly TokenBuckets _failures = new(dashboard.Value.FailedSignInsPerMinute, dashboard.Value.FailedSignInsPerMinute, TimeSpan.FromMinutes(1), clock);

    /// <summary>Whether <paramref name="caller"/> has spent its failures, and if so how long it waits.</summary>
    public bool IsBarred(IPAddress? caller, out TimeSpan retryAfter) => _failures.IsEmpty(Key(caller), out retryAfter);

    public void Failed(IPAddress? caller) => _failures.TryTake(Key(caller), out _);

    private static string Key(IPAddress? caller) => caller?.ToString() ?? "";
}
