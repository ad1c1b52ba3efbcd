using ObjectStore.Cli;
using ObjectStore.Tests.Infrastructure;
using Spectre.Console;
using Spectre.Console.Testing;

namespace ObjectStore.Tests.Cli;

/// <summary>
/// Runs the objectstore command in this process, as a user would type it, against a silo over real HTTP: its output on
/// Spectre.Console's test console (wide, so that tables keep hashes on one line), its errors captured, no environment
/// variables and no settings file, so that only what the test passes counts.
/// </summary>
public static class CliRun
{
    private static readonly string NoSettings = Path.Combine(AppContext.BaseDirectory, "cli-no-settings");

    public static async Task<CliResult> RunAsync(HttpSilo silo, string? token, params string[] args) =>
        await RunAsync(silo, token, CancellationToken.None, args);

    public static async Task<CliResult> RunAsync(HttpSilo silo, string? token, CancellationToken cancellationToken, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 1000;
        return await RunAsync(console, silo, token, cancellationToken, args);
    }

    /// <summary>A run on a console the test holds, to read what it printed while it runs (<c>feed tail</c>).</summary>
    public static async Task<CliResult> RunAsync(IAnsiConsole console, HttpSilo silo, string? token, CancellationToken cancellationToken, params string[] args)
    {
        using var error = new StringWriter();
        var environment = new CliEnvironment { Console = console, Error = error, Variable = _ => null, SettingsFolder = NoSettings };
        string[] all = [.. args, "--url", silo.BaseAddress.ToString(), .. token is null ? Array.Empty<string>() : ["--token", token]];
        var exitCode = await CliApp.RunAsync(all, environment, cancellationToken);
        return new CliResult(exitCode, console is TestConsole test ? test.Output : "", error.ToString());
    }

    /// <summary>Runs and asserts success, returning the output's single line (a hash, for the commands that store).</summary>
    public static async Task<string> SucceedAsync(HttpSilo silo, string? token, params string[] args)
    {
        var result = await RunAsync(silo, token, args);
        Assert.True(result.ExitCode == 0, $"objectstore {string.Join(' ', args)}: {result}");
        return result.Output.Trim();
    }
}
