using System.CommandLine;
using ObjectStore.Silo.Hosting;
using ObjectStore.Silo.Http.Authentication;

var root = new RootCommand("The ObjectStore silo: the object store's grains, and its HTTP API under /object/v1.")
{
    TokenCommand.Create(),
};

// Settings given as arguments (--ObjectStore:Provider=PostgreSql) are not options of the command line: they go to the host.
root.TreatUnmatchedTokensAsErrors = false;
root.SetAction((parse, _) => RunSiloAsync([.. parse.UnmatchedTokens]));

// The host stops gracefully on SIGTERM and Ctrl+C by itself; the command line must not cut that short.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

static async Task<int> RunSiloAsync(string[] settings)
{
    WebApplication app;
    try
    {
        app = SiloHost.Create(settings);
    }
    catch (Exception e) when (e is OrleansConfigurationException or InvalidConfigurationException or InvalidOperationException)
    {
        // Configuration errors say what to fix; a stack trace would only bury that.
        Console.Error.WriteLine($"The object store cannot start: {e.Message}");
        return 1;
    }

    await app.RunAsync();
    return 0;
}
