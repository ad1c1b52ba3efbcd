using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ObjectStore.Silo.Hosting;
using ObjectStore.Tests.Infrastructure;
using Orleans.Configuration;
using Orleans.Statistics;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// What the only (SQLite) silo leaves undone while idle, and a silo of a cluster keeps: its health monitor samples
/// nothing ten times a second, yet keeps its time and its slower timers (a cluster's probes read the thread-pool stall
/// samples); it reads its CPU and memory figures when Orleans asks for them, instead of having the runtime poll its
/// counters every second (a cluster's placement weighs Orleans' smoothed figures); it heartbeats into and reads back
/// its own membership table every ten minutes rather than every 30 and 60 s (a cluster's silos learn of each other there).
/// </summary>
[Kind(TestKind.Unit)]
public sealed class SingleSiloIdleTests
{
    private static readonly string[] PostgreSql = ["--ObjectStore:Provider=PostgreSql", "--ObjectStore:ConnectionString=Host=db.example;Database=store",
        "--Cluster:AdvertisedHost=127.0.0.1", "--Cluster:AllowUnauthenticatedGatewayOnPrivateNetwork=true"];

    private const string Declined = "LogSamplingDeclined";
    private const string Key = "--Authentication:SigningKey=MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";

    private readonly FakeTimeProvider _membership = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly EventRecorder _events = new();

    [Fact]
    public void A_periodic_timer_of_less_than_a_second_never_fires()
    {
        var clock = new SingleSiloHealthMonitorClock(_membership, NullLogger<SingleSiloHealthMonitorClock>.Instance);
        var ticks = 0;

        using var sampler = clock.CreateTimer(_ => ticks++, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        _membership.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, ticks);
    }

    [Fact]
    public void One_shot_timers_and_timers_of_a_second_or_more_fire_on_the_membership_clock()
    {
        var clock = new SingleSiloHealthMonitorClock(_membership, NullLogger<SingleSiloHealthMonitorClock>.Instance);
        var delays = 0;
        var checks = 0;

        using var delay = clock.CreateTimer(_ => delays++, null, TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);
        using var check = clock.CreateTimer(_ => checks++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        _membership.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(1, delays);
        Assert.Equal(3, checks);
        Assert.Equal(_membership.GetUtcNow(), clock.GetUtcNow());
        Assert.Equal(_membership.GetTimestamp(), clock.GetTimestamp());
    }

    [Fact]
    public async Task The_embedded_silos_health_monitor_declines_the_stall_sampling()
    {
        await using var app = Create();

        ResolveHealthMonitor(app);

        Assert.Equal(1, _events.Count(Declined));
    }

    [Fact]
    public async Task A_cluster_silos_health_monitor_keeps_the_stall_sampling()
    {
        await using var app = Create(PostgreSql);

        ResolveHealthMonitor(app);

        Assert.Equal(0, _events.Count(Declined));
    }

    [Fact]
    public void The_figures_are_the_processes_memory_and_a_share_of_the_cores()
    {
        var statistics = new SingleSiloEnvironmentStatistics().GetEnvironmentStatistics();

        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, statistics.MaximumAvailableMemoryBytes);
        Assert.InRange(statistics.RawMemoryUsageBytes, 1, statistics.MaximumAvailableMemoryBytes);
        Assert.Equal(statistics.MaximumAvailableMemoryBytes - statistics.RawMemoryUsageBytes, statistics.RawAvailableMemoryBytes);
        Assert.InRange(statistics.RawCpuUsagePercentage, 0f, 100f);
    }

    [Fact]
    public async Task The_embedded_silo_reads_its_figures_when_asked()
    {
        await using var app = Create();

        Assert.IsType<SingleSiloEnvironmentStatistics>(app.Services.GetRequiredService<IEnvironmentStatisticsProvider>());
    }

    [Fact]
    public async Task A_cluster_silo_keeps_the_figures_of_orleans()
    {
        await using var app = Create(PostgreSql);

        Assert.IsNotType<SingleSiloEnvironmentStatistics>(app.Services.GetRequiredService<IEnvironmentStatisticsProvider>());
    }

    [Fact]
    public async Task The_embedded_silo_heartbeats_into_and_reads_its_membership_table_every_ten_minutes()
    {
        await using var app = Create();

        var membership = app.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(10), membership.IAmAliveTablePublishTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), membership.TableRefreshTimeout);
    }

    [Fact]
    public async Task A_cluster_silo_keeps_the_membership_periods_of_orleans()
    {
        await using var app = Create(PostgreSql);

        var membership = app.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        var orleans = new ClusterMembershipOptions();
        Assert.Equal(orleans.IAmAliveTablePublishTimeout, membership.IAmAliveTablePublishTimeout);
        Assert.Equal(orleans.TableRefreshTimeout, membership.TableRefreshTimeout);
    }

    // Orleans' LocalSiloHealthMonitor is internal; the silo builds it as a lifecycle participant when it starts.
    private static void ResolveHealthMonitor(WebApplication app) =>
        app.Services.GetRequiredService(typeof(Orleans.Runtime.Silo).Assembly.GetType("Orleans.Runtime.MembershipService.LocalSiloHealthMonitor", throwOnError: true)!);

    private WebApplication Create(params string[] settings) => SiloHost.Create(
        ["--Authentication:Issuer=tests", Key, $"--ObjectStore:DataFolder={Path.GetTempPath()}", "--Logging:LogLevel:ObjectStore.Silo.Hosting=Debug", .. settings],
        services => services.AddSingleton<ILoggerProvider>(new EventRecorderProvider(_events)));
}
