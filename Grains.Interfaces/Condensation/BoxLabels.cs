using System.Diagnostics.CodeAnalysis;

namespace ObjectStore.Condensation;

public static class BoxLabels
{
    public static string ToWireName(this BoxLabel box) => box switch
    {
        BoxLabel.Messages => "messages",
        BoxLabel.Private => "private",
        BoxLabel.Public => "public",
        _ => throw new ArgumentOutOfRangeException(nameof(box), box, "Unknown box."),
    };

    public static bool TryParse([NotNullWhen(true)] string? name, out BoxLabel box)
    {
        (var known, box) = name switch
        {
            "messages" => (true, BoxLabel.Messages),
            "private" => (true, BoxLabel.Private),
            "public" => (true, BoxLabel.Public),
            _ => (false, default),
        };
        return known;
    }
}
