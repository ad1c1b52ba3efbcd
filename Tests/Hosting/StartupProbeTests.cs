using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// <c>/health/startup</c> is what an orchestrator waits on before it checks liveness: 503 while the silo is still
/// starting, 200 once it has.
/// </summary>
[Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class StartupProbeTests
{
    [Fact]
    public async Task The_startup_probe_answers_503_until_the_silo_has_started_then_200_while_liveness_answers_throughout()
    {
        // The HTTP server listens before the host reports it started: a last hosted service holds the start there.
        var held = new HeldStart();
        var starting = HttpSilo.StartWithServicesAsync(StorageProvider.Sqlite,
            services => services.AddSingleton<IHostedService>(provider => held.For(provider.GetRequiredService<IServer>())));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var client = new HttpClient();
        try
        {
            client.BaseAddress = await held.Reached.WaitAsync(deadline.Token);
            using var startup = await client.GetAsync("/health/startup", deadline.Token);
            using var live = await client.GetAsync("/health/live", deadline.Token);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, startup.StatusCode);
            Assert.Contains("The silo is starting.", await startup.Content.ReadAsStringAsync(deadline.Token));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            held.Release();
        }

        await using var silo = await starting.WaitAsync(deadline.Token);
        using var started = await client.GetAsync("/health/startup", deadline.Token);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
    }

    /// <summary>Stops the host's start after every service started, the HTTP server included, until the test releases it.</summary>
    private sealed class HeldStart
    {
        private readonly TaskCompletionSource<Uri> _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Uri> Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        public IHostedService For(IServer server) => new Service(this, server);

        private sealed class Service(HeldStart held, IServer server) : IHostedLifecycleService
        {
            public Task StartedAsync(CancellationToken cancellationToken)
            {
                held._reached.TrySetResult(new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.Single()));
                return held._released.Task.WaitAsync(cancellationToken);
            }

            public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
    }
}
