using System.Globalization;

namespace ObjectStore.Bench;

/// <summary>The machine the figures were taken on, for the report: they mean little without it.</summary>
public static class Machine
{
    public static async Task<string> DescribeAsync(CancellationToken cancellationToken = default)
    {
        const string cpuInfo = "/proc/cpuinfo";
        var model = File.Exists(cpuInfo)
            ? (await File.ReadAllLinesAsync(cpuInfo, cancellationToken))
                .Where(line => line.StartsWith("model name", StringComparison.Ordinal))
                .Select(line => line[(line.IndexOf(':') + 1)..].Trim())
                .FirstOrDefault()
            : null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({model ?? "CPU model unknown"}), {Environment.OSVersion}, .NET {Environment.Version}");
    }
}
