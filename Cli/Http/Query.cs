using System.Globalization;

namespace ObjectStore.Cli.Http;

/// <summary>A path with its query string: parameters left null are left out, values are escaped.</summary>
internal static class Query
{
    public static string Path(string path, params (string Name, object? Value)[] parameters)
    {
        var given = parameters
            .Where(parameter => parameter.Value is not null)
            .Select(parameter => $"{parameter.Name}={Uri.EscapeDataString(Text(parameter.Value!))}")
            .ToList();
        return given.Count == 0 ? path : path + "?" + string.Join('&', given);
    }

    private static string Text(object value) => value switch
    {
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
