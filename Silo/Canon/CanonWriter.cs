using System.Buffers;
using System.Globalization;
using ObjectStore.Objects;

namespace ObjectStore.Silo.Canon;

/// <summary>
/// Writes a response in Canon's canonical form front to back, so that canonical bytes the store already holds (stored
/// objects, ID objects) go in as they are instead of being parsed and written again. Callers give members in ordinal
/// order, as the form requires; a null member is left out, as the form does.
/// </summary>
public sealed class CanonWriter
{
    private const int IndentSize = 2;

    private readonly ArrayBufferWriter<byte> _output = new();

    /// <summary>One entry per open object or array: whether it has a member or element yet.</summary>
    private readonly Stack<bool> _open = new();

    /// <summary>A member name was written, so the next value goes on its line.</summary>
    private bool _afterName;

    private CanonWriter()
    {
    }

    /// <summary>A whole response: what <paramref name="write"/> writes, and the trailing line end of the form.</summary>
    public static byte[] Document(Action<CanonWriter> write)
    {
        var writer = new CanonWriter();
        write(writer);
        if (writer._open.Count > 0 || writer._afterName)
        {
            throw new InvalidOperationException("A response was left unfinished.");
        }

        writer.Write("\n"u8);
        return writer._output.WrittenSpan.ToArray();
    }

    /// <summary>A whole response that is one object of the model: its <c>_type</c> and <c>_version</c>, then the members <paramref name="writeMembers"/> writes.</summary>
    public static byte[] TypedDocument(string type, Action<CanonWriter> writeMembers) => Document(writer =>
    {
        writer.StartObject();
        writer.TypeAndVersion(type);
        writeMembers(writer);
        writer.EndObject();
    });

    public void StartObject()
    {
        BeginValue();
        Write("{"u8);
        _open.Push(false);
    }

    /// <summary>An object closes on a line of its own, even when empty, as Canon writes it.</summary>
    public void EndObject()
    {
        _open.Pop();
        LineBreak();
        Write("}"u8);
    }

    public void StartArray()
    {
        BeginValue();
        Write("["u8);
        _open.Push(false);
    }

    /// <summary>An empty array is <c>[]</c>; any other closes on a line of its own.</summary>
    public void EndArray()
    {
        if (_open.Pop())
        {
            LineBreak();
        }

        Write("]"u8);
    }

    public void Array<T>(IEnumerable<T> items, Action<CanonWriter, T> writeItem)
    {
        StartArray();
        foreach (var item in items)
        {
            writeItem(this, item);
        }

        EndArray();
    }

    public void Name(string name)
    {
        NextLine();
        CanonicalJson.WriteString(_output, name);
        Write(":"u8);
        _afterName = true;
    }

    /// <summary>The <c>_type</c> and <c>_version</c> members, which sort before any other member of the model.</summary>
    public void TypeAndVersion(string type)
    {
        String("_type", type);
        String("_version", CanonTypes.Version);
    }

    public void String(string text)
    {
        BeginValue();
        CanonicalJson.WriteString(_output, text);
    }

    public void String(string name, string? text)
    {
        if (text is not null)
        {
            Name(name);
            String(text);
        }
    }

    public void Boolean(string name, bool value)
    {
        Name(name);
        BeginValue();
        Write(value ? "true"u8 : "false"u8);
    }

    public void Number(long value)
    {
        BeginValue();
        var span = _output.GetSpan(20);
        value.TryFormat(span, out var written, provider: CultureInfo.InvariantCulture);
        _output.Advance(written);
    }

    public void Number(string name, long value)
    {
        Name(name);
        Number(value);
    }

    /// <summary>
    /// Splices in a value already in canonical form without parsing it: its trailing line end is dropped and each line
    /// after the first is indented by the depth it lands at. Every line end in canonical JSON is structure (a string
    /// holds a line break only escaped), so the lines can be re-indented without reading the JSON; a value nested as
    /// deep as the store accepts goes out as well as any other.
    /// </summary>
    public void Canonical(ReadOnlySpan<byte> canonical)
    {
        BeginValue();
        var rest = canonical.EndsWith("\n"u8) ? canonical[..^1] : canonical;
        for (var end = rest.IndexOf((byte)'\n'); end >= 0; end = rest.IndexOf((byte)'\n'))
        {
            Write(rest[..(end + 1)]);
            Indent(_open.Count * IndentSize);
            rest = rest[(end + 1)..];
        }

        Write(rest);
    }

    public void Canonical(string name, byte[]? canonical)
    {
        if (canonical is not null)
        {
            Name(name);
            Canonical(canonical);
        }
    }

    /// <summary>A value follows its member name on the same line; an element of an array starts a line of its own.</summary>
    private void BeginValue()
    {
        if (_afterName)
        {
            _afterName = false;
        }
        else if (_open.Count > 0)
        {
            NextLine();
        }
    }

    /// <summary>The separator after the previous member or element, if any, then a new line at this depth.</summary>
    private void NextLine()
    {
        if (_open.Pop())
        {
            Write(","u8);
        }

        _open.Push(true);
        LineBreak();
    }

    private void LineBreak()
    {
        Write("\n"u8);
        Indent(_open.Count * IndentSize);
    }

    private void Indent(int spaces)
    {
        _output.GetSpan(spaces)[..spaces].Fill((byte)' ');
        _output.Advance(spaces);
    }

    private void Write(ReadOnlySpan<byte> bytes) => _output.Write(bytes);
}
