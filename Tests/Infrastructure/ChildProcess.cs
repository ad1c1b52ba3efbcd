using System.Diagnostics;
using System.Text;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>A command a test runs to its end (dotnet pack, pg_dump), its output kept to explain a failure.</summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="command"/> and returns its output and errors.</summary>
    /// <exception cref="InvalidOperationException">It exited with another code than 0; the message holds its output.</exception>
    public static async Task<string> RunAsync(ProcessStartInfo command, CancellationToken cancellationToken)
    {
        command.RedirectStandardOutput = true;
        command.RedirectStandardError = true;
        command.UseShellExecute = false;
        var output = new StringBuilder();
        using var process = new Process { StartInfo = command };
        void Collect(object _, DataReceivedEventArgs e)
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        // The output events may trail the exit; the parameterless wait lets them finish.
        process.WaitForExit();
        lock (output)
        {
            return process.ExitCode == 0
                ? output.ToString()
                : throw new InvalidOperationException($"{command.FileName} {string.Join(' ', command.ArgumentList)} exited with {process.ExitCode}:\n{output}");
        }
    }

    public static Task<string> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var command = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory ?? "" };
        foreach (var argument in arguments)
        {
            command.ArgumentList.Add(argument);
        }

        return RunAsync(command, cancellationToken);
    }
}
