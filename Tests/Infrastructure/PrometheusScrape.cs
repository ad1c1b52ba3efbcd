using System.Globalization;
using System.Net;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>One scrape of a silo's Prometheus endpoint: the samples of its text exposition format, by metric name.</summary>
public sealed class PrometheusScrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples;

    private PrometheusScrape(List<(string, Dictionary<string, string>, double)> samples) => _samples = samples;

    /// <summary>Every metric name a sample was given under (a histogram's <c>_bucket</c>, <c>_sum</c> and <c>_count</c> apart).</summary>
    public IReadOnlySet<string> Names => _samples.Select(sample => sample.Name).ToHashSet();

    /// <summary>GETs <paramref name="path"/> as <paramref name="client"/>, asserts 200, and reads the samples.</summary>
    public static async Task<PrometheusScrape> ReadAsync(HttpClient client, string path = "/metrics")
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the scrape answered {(int)response.StatusCode}: {text}");
        return Parse(text);
    }

    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<(string, Dictionary<string, string>, double)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var labelsStart = line.IndexOf('{', StringComparison.Ordinal);
            var nameEnd = line.IndexOf(' ', StringComparison.Ordinal);
            var labels = new Dictionary<string, string>();
            var rest = line[(nameEnd + 1)..];
            if (labelsStart >= 0 && labelsStart < nameEnd)
            {
                var labelsEnd = line.LastIndexOf('}');
                nameEnd = labelsStart;
                rest = line[(labelsEnd + 1)..].Trim();
                foreach (var label in line[(labelsStart + 1)..labelsEnd].Split("\",", StringSplitOptions.RemoveEmptyEntries))
                {
                    var equals = label.IndexOf('=', StringComparison.Ordinal);
                    labels[label[..equals]] = label[(equals + 1)..].Trim('"');
                }
            }

            var value = rest.Split(' ')[0];
            samples.Add((line[..nameEnd], labels, value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                _ => double.Parse(value, CultureInfo.InvariantCulture),
            }));
        }

        return new PrometheusScrape(samples);
    }

    /// <summary>The sum of the samples of <paramref name="name"/> that carry <paramref name="labels"/> (0 when none does).</summary>
    public double Value(string name, params (string Label, string Value)[] labels) => _samples
        .Where(sample => sample.Name == name && labels.All(label => sample.Labels.GetValueOrDefault(label.Label) == label.Value))
        .Sum(sample => sample.Value);
}
