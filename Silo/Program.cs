using System.CommandLine;
using Microsoft.Extensions.Options;
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
    catch (Exception e) when (SettingProblems(e) is { } problems)
    {
        // Configuration errors say what to fix; a stack trace would only bury that.
        Console.Error.WriteLine($"The object store cannot start:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        return 1;
    }

    await app.RunAsync();
    return 0;
}

// Bad settings, each naming its key: one options class's failures, several classes' together, or a value of the wrong type.
static IEnumerable<string>? SettingProblems(Exception e) => e switch
{
    OptionsValidationException invalid => invalid.Failures,
    AggregateException { InnerExceptions: var inner } when inner.All(one => one is OptionsValidationException) =>
        inner.SelectMany(one => ((OptionsValidationException)one).Failures),
    InvalidOperationException => [e.Message],
    _ => null,
};
