using Microsoft.Extensions.Options;
using ObjectStore.Hosting;
using ObjectStore.Silo.Dashboard;
using ObjectStore.Silo.Http;

namespace ObjectStore.Silo.Hosting;

/// <summary>The silo as one web application: Orleans with the object store, and the HTTP API in front of its grains.</summary>
public static class SiloHost
{
    /// <summary>
    /// Builds the host from settings (files, environment, <paramref name="args"/>) and checks every setting.
    /// <paramref name="configureServices"/> runs last, for what settings cannot express, such as the store's clock in tests.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is wrong; each failure names its key and what is allowed.</exception>
    /// <exception cref="AggregateException">Settings of several concerns are wrong: one <see cref="OptionsValidationException"/> each.</exception>
    /// <exception cref="InvalidOperationException">A setting is not of its type (a number, a duration).</exception>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (!ListeningAddresses.AreConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(ListeningAddresses.Default);
        }

        builder.UseOrleans(silo => silo.AddObjectStoreSilo().AddObjectStoreDashboard());
        builder.Services.AddValidatedOptions<ShutdownOptions, ShutdownOptionsValidator>(ShutdownOptions.SectionName);
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        builder.Services.AddHostedService<StartupReport>();
        builder.AddObjectStoreHttpApi();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();

        // The host checks them again when it starts; checking here reports them before anything is mapped or opened.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        app.MapObjectStoreHttpApi();
        app.MapObjectStoreDashboard();
        return app;
    }
}
