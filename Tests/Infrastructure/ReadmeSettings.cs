using System.Text.RegularExpressions;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>The settings README.md documents: the keys of its Configuration table, such as <c>ObjectStore:Feeds:MaxAttempts</c>.</summary>
public static partial class ReadmeSettings
{
    public static IReadOnlyList<string> Keys()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Deployment", "README.md"));
        var configuration = readme[readme.IndexOf("\n## Configuration", StringComparison.Ordinal)..];
        configuration = configuration[..configuration.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        return [.. configuration.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => SettingKey().Matches(line.Split('|')[1]).Select(match => match.Groups[1].Value))
            .Distinct()];
    }

    /// <summary>A key in backticks, such as <c>`Cluster:SiloPort`</c>; not the <c>`:1`</c> that continues a list.</summary>
    [GeneratedRegex(@"`([A-Za-z][A-Za-z:0-9]*)`")]
    private static partial Regex SettingKey();
}
