namespace ObjectStore.Tests.Cli;

/// <summary>What one run of the objectstore command printed and its exit code.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The output's lines, without the empty ones.</summary>
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
