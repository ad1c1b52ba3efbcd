using Spectre.Console;

namespace ObjectStore.Cli;

/// <summary>
/// What a run of the tool writes to and reads from around it: the console (tables, progress, and plain output through
/// its writer), the error stream, environment variables, the clock and the folder its settings file is in. A test gives
/// its own, so that it can read what a command printed.
/// </summary>
public sealed class CliEnvironment
{
    public required IAnsiConsole Console { get; init; }

    public required TextWriter Error { get; init; }

    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The folder of <c>appsettings.Development.json</c>, the development silo's settings the tool ships with.</summary>
    public string SettingsFolder { get; init; } = AppContext.BaseDirectory;

    /// <summary>Plain output (JSON, hashes, tokens) goes straight to the console's writer, unwrapped and unstyled.</summary>
    public TextWriter Out => Console.Profile.Out.Writer;

    /// <summary>A terminal, where a progress bar can redraw itself; redirected output gets plain progress lines instead.</summary>
    public bool Interactive => Console.Profile.Capabilities.Interactive;

    public static CliEnvironment FromProcess()
    {
        var console = AnsiConsole.Console;
        if (System.Console.IsOutputRedirected)
        {
            // Redirected output has no width; Spectre's 80 columns would fold every hash in a table over four lines.
            console.Profile.Width = RedirectedWidth;
        }

        return new() { Console = console, Error = System.Console.Error };
    }

    private const int RedirectedWidth = 200;
}
