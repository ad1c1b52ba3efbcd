using System.Text;
using System.Text.Json;
using ObjectStore.Objects;
using Spectre.Console;

namespace ObjectStore.Cli.Output;

/// <summary>Prints what a command read: JSON as the store answered it (for scripts), or tables and lines for people.</summary>
internal static class Printer
{
    private static readonly JsonWriterOptions Compact = new() { Indented = false };

    /// <summary>A document exactly as the store sent it (canonical JSON for objects, whose hash it is).</summary>
    public static void Raw(Session session, byte[] json) => session.Environment.Out.Write(Encoding.UTF8.GetString(json));

    /// <summary>One JSON value on one line, for lists a script reads line by line.</summary>
    public static void Line(Session session, JsonElement item)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            item.WriteTo(writer);
        }

        session.Environment.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static void Table(Session session, Table table) => session.Environment.Console.Write(table);

    /// <summary>A table of stored objects: their sort key, kind, hashes and what they carry.</summary>
    public static Table ObjectTable(IEnumerable<JsonElement> objects)
    {
        var table = new Table().AddColumns("sort key", "kind", "absolute hash", "base hash", "created", "payload");
        foreach (var item in objects)
        {
            table.AddRow(Cells(item));
        }

        return table;
    }

    public static string[] Cells(JsonElement item) =>
    [
        Markup.Escape(ObjectView.Text(item, "sortKey")),
        ObjectView.Kind(item),
        Markup.Escape(AbsoluteHash(item)),
        Markup.Escape(ObjectView.Text(item, "baseHash") is { Length: > 0 } baseHash ? baseHash : AbsoluteHash(item)),
        Markup.Escape(ObjectView.Text(item, "createdDate")),
        ObjectView.PayloadSize(item),
    ];

    /// <summary>The hash of an object as read: the hash of its canonical form, which the store keeps it in.</summary>
    public static string AbsoluteHash(JsonElement item)
    {
        using var document = CanonicalJson.Parse(Encoding.UTF8.GetBytes(item.GetRawText()));
        return CanonicalJson.HashOf(CanonicalJson.Serialize(document.RootElement)).Value;
    }
}
