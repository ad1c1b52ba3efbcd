using System.Globalization;
using Spectre.Console;

namespace ObjectStore.Cli.Transfer;

/// <summary>
/// Counts what an export or import moved, and shows it: on a progress bar on a terminal, else as a plain line on stderr
/// every <see cref="LineEvery"/> versions or <see cref="LineInterval"/>, whichever comes first.
/// </summary>
internal sealed class TransferCounter(CliEnvironment environment, string verb)
{
    private const int LineEvery = 1000;
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(2);

    private readonly long _started = environment.Clock.GetTimestamp();
    private long _lastLine = environment.Clock.GetTimestamp();
    private ProgressTask? _bar;

    /// <summary>The count the last plain line showed, so that the closing line does not repeat it.</summary>
    private long _linedAt = -1;

    public long Versions { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Runs <paramref name="work"/> under a progress bar on a terminal (of <paramref name="totalBytes"/> when known), plainly otherwise.</summary>
    public async Task RunAsync(long? totalBytes, Func<Task> work)
    {
        if (!environment.Interactive)
        {
            await work();
            if (_linedAt != Versions)
            {
                await environment.Error.WriteLineAsync(Summary());
            }

            return;
        }

        await environment.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                _bar = context.AddTask(Summary(), maxValue: Math.Max(1, totalBytes ?? 1));
                _bar.IsIndeterminate = totalBytes is null;
                await work();
                _bar.Description = Summary();
                _bar.Value = _bar.MaxValue;
                _bar.StopTask();
            });
    }

    public void Add(long bytes)
    {
        Versions++;
        Bytes += bytes;
        if (_bar is { } bar)
        {
            bar.Increment(bytes);
            bar.Description = Summary();
            return;
        }

        if (Versions % LineEvery == 0 || environment.Clock.GetElapsedTime(_lastLine) >= LineInterval)
        {
            _lastLine = environment.Clock.GetTimestamp();
            _linedAt = Versions;
            environment.Error.WriteLine(Summary());
        }
    }

    public string Summary()
    {
        var seconds = Math.Max(environment.Clock.GetElapsedTime(_started).TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture, $"{verb}: {Versions:N0} versions, {Size(Bytes)}, {Versions / seconds:N0} versions/s ({Size((long)(Bytes / seconds))}/s)");
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:N1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):N1} MiB"),
    };
}
