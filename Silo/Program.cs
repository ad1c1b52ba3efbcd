using ObjectStore.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);

try
{
    builder.UseOrleans(silo => silo.ConfigureObjectStoreSilo(builder.Configuration));
}
catch (Exception e) when (e is OrleansConfigurationException or InvalidOperationException)
{
    // Configuration errors say what to fix; a stack trace would only bury that.
    Console.Error.WriteLine($"The object store cannot start: {e.Message}");
    return 1;
}

builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));

var app = builder.Build();
app.MapGet("/", () => Results.Text("ObjectStore silo. See README.md for the API.\n"));
await app.RunAsync();
return 0;
