using ObjectStore.Hosting;
using ObjectStore.Silo.Http;

namespace ObjectStore.Silo.Hosting;

/// <summary>The silo as one web application: Orleans with the object store, and the HTTP API in front of its grains.</summary>
public static class SiloHost
{
    /// <summary>
    /// Builds the host from settings (files, environment, <paramref name="args"/>); throws when a setting is wrong.
    /// <paramref name="adjustStore"/> changes what settings cannot express, such as the store's clock in tests.
    /// </summary>
    public static WebApplication Create(string[] args, Action<ObjectStoreOptions>? adjustStore = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseOrleans(silo => silo.ConfigureObjectStoreSilo(builder.Configuration, adjustStore));
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.AddObjectStoreHttpApi();

        var app = builder.Build();
        app.MapObjectStoreHttpApi();
        return app;
    }
}
