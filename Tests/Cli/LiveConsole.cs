using Spectre.Console;

namespace ObjectStore.Tests.Cli;

/// <summary>
/// A console whose output a test reads while a command still runs (<c>feed tail</c>, <c>log --follow</c>): writes and
/// reads take the same lock.
/// </summary>
public sealed class LiveConsole
{
    private readonly StringWriter _text = new();
    private readonly TextWriter _output;

    public LiveConsole()
    {
        _output = TextWriter.Synchronized(_text);
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_output),
        });
    }

    public IAnsiConsole Console { get; }

    public string Printed()
    {
        lock (_output)
        {
            return _text.ToString();
        }
    }

    /// <summary>Waits until the command has printed <paramref name="text"/>, failing if it ended first or took half a minute.</summary>
    public async Task WaitForAsync(string text, Task running)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Printed().Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !running.IsCompleted, $"the command did not print {text}: {Printed()}");
            await Task.Yield();
        }
    }
}
