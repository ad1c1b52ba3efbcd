using System.Buffers.Binary;
using System.Text;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// A node of a Condensation record: some bytes, optionally a linked hash (written as an index into the object's
/// links), and children. <see cref="RecordBuilder"/> is the implicit root whose children are an object's data.
/// </summary>
public class RecordNode
{
    private readonly byte[] _bytes;
    private readonly List<RecordNode> _children = [];

    private protected RecordNode(byte[] bytes, CdsHash? link)
    {
        _bytes = bytes;
        Link = link;
    }

    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>The bytes read as UTF-8, which is how labels such as <c>content</c> are written.</summary>
    public string Text => Encoding.UTF8.GetString(_bytes);

    public CdsHash? Link { get; }

    public IReadOnlyList<RecordNode> Children => _children;

    /// <summary>Adds a child with these bytes (and a link to <paramref name="link"/>, if given); returns the child.</summary>
    public RecordNode Add(ReadOnlySpan<byte> bytes, CdsHash? link = null)
    {
        var child = new RecordNode(bytes.ToArray(), link);
        _children.Add(child);
        return child;
    }

    /// <summary>Adds a child whose bytes are <paramref name="text"/> in UTF-8.</summary>
    public RecordNode Add(string text, CdsHash? link = null) => Add(Encoding.UTF8.GetBytes(text), link);

    /// <summary>
    /// Adds a child whose bytes are the 32 raw bytes of <paramref name="hash"/>: how a modify body names objects,
    /// accounts and envelopes. This is not a link; pass <paramref name="link"/> for that.
    /// </summary>
    public RecordNode Add(CdsHash hash, CdsHash? link = null) => Add(hash.ToBytes(), link);

    /// <summary>Adds a child holding <paramref name="value"/> as a big-endian signed integer (<see cref="IntegerBytes"/>).</summary>
    public RecordNode AddInteger(long value, CdsHash? link = null) => Add(IntegerBytes(value), link);

    /// <summary>The first child whose bytes are <paramref name="text"/> in UTF-8, or null.</summary>
    public RecordNode? Child(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return _children.FirstOrDefault(child => child.Bytes.Span.SequenceEqual(bytes));
    }

    /// <summary>
    /// An integer as Condensation writes it: big-endian two's complement in as few bytes as hold its sign, and no
    /// bytes at all for 0.
    /// </summary>
    public static byte[] IntegerBytes(long value)
    {
        if (value == 0)
        {
            return [];
        }

        var all = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(all, value);
        var start = 0;

        // A leading byte can go when it only repeats the sign of the next one.
        while (start < all.Length - 1 && ((all[start] == 0x00 && all[start + 1] < 0x80) || (all[start] == 0xFF && all[start + 1] >= 0x80)))
        {
            start++;
        }

        return all[start..];
    }
}

/// <summary>
/// Writes and reads records: the data of an object is the children of this implicit root, written depth first. Each
/// node is a flags byte (bits 0-4: a length 0-29, or 30 for one more length byte plus 30, or 31 for an 8-byte
/// big-endian length; 0x20: a 4-byte big-endian link index follows the bytes; 0x40: children follow; 0x80: another
/// sibling follows), the length bytes if any, the bytes, the link index if any, then the children.
/// </summary>
public sealed class RecordBuilder : RecordNode
{
    private const byte LinkFlag = 0x20;
    private const byte ChildrenFlag = 0x40;
    private const byte SiblingFlag = 0x80;
    private const byte LengthMask = 0x1f;
    private const int OneByteLength = 30;
    private const int EightByteLength = 31;

    public RecordBuilder()
        : base([], null)
    {
    }

    /// <summary>The object whose data is this record; its links are the linked hashes, each once, in order of first use.</summary>
    public CdsObject ToObject()
    {
        var links = new List<CdsHash>();
        var data = new MemoryStream();
        WriteChildren(this, data, links);
        return CdsObject.Create(links, data.ToArray());
    }

    /// <summary>Reads an object's data as a record.</summary>
    /// <exception cref="FormatException">The data is not a record: a length or link index runs past the end, or a link index past the links.</exception>
    public static RecordBuilder Read(CdsObject cdsObject)
    {
        var root = new RecordBuilder();
        var data = cdsObject.Data.Span;
        var position = 0;

        // An object without data holds the empty record. Like the reference reader, bytes after the last node are ignored.
        if (!data.IsEmpty)
        {
            ReadChildren(data, ref position, root, cdsObject.Links);
        }

        return root;
    }

    private static void WriteChildren(RecordNode parent, MemoryStream data, List<CdsHash> links)
    {
        for (var index = 0; index < parent.Children.Count; index++)
        {
            var child = parent.Children[index];
            var length = child.Bytes.Length;
            var flags = length < OneByteLength ? length : length < OneByteLength + 256 ? OneByteLength : EightByteLength;
            flags |= child.Link is null ? 0 : LinkFlag;
            flags |= child.Children.Count == 0 ? 0 : ChildrenFlag;
            flags |= index < parent.Children.Count - 1 ? SiblingFlag : 0;
            data.WriteByte((byte)flags);
            if ((flags & LengthMask) == OneByteLength)
            {
                data.WriteByte((byte)(length - OneByteLength));
            }
            else if ((flags & LengthMask) == EightByteLength)
            {
                var longLength = new byte[sizeof(ulong)];
                BinaryPrimitives.WriteUInt64BigEndian(longLength, (ulong)length);
                data.Write(longLength);
            }

            data.Write(child.Bytes.Span);
            if (child.Link is { } link)
            {
                var linkIndex = links.IndexOf(link);
                if (linkIndex < 0)
                {
                    linkIndex = links.Count;
                    links.Add(link);
                }

                var indexBytes = new byte[sizeof(uint)];
                BinaryPrimitives.WriteUInt32BigEndian(indexBytes, (uint)linkIndex);
                data.Write(indexBytes);
            }

            WriteChildren(child, data, links);
        }
    }

    private static void ReadChildren(ReadOnlySpan<byte> data, ref int position, RecordNode parent, IReadOnlyList<CdsHash> links)
    {
        while (true)
        {
            var flags = Take(data, ref position, 1)[0];
            var length = (flags & LengthMask) switch
            {
                OneByteLength => OneByteLength + Take(data, ref position, 1)[0],
                EightByteLength => CheckedLength(BinaryPrimitives.ReadUInt64BigEndian(Take(data, ref position, 8))),
                var shortLength => shortLength,
            };
            var bytes = Take(data, ref position, length);
            CdsHash? link = null;
            if ((flags & LinkFlag) != 0)
            {
                var linkIndex = BinaryPrimitives.ReadUInt32BigEndian(Take(data, ref position, 4));
                link = linkIndex < links.Count ? links[(int)linkIndex] : throw new FormatException($"Link index {linkIndex} is past the object's {links.Count} links.");
            }

            var child = parent.Add(bytes, link);
            if ((flags & ChildrenFlag) != 0)
            {
                ReadChildren(data, ref position, child, links);
            }

            if ((flags & SiblingFlag) == 0)
            {
                return;
            }
        }
    }

    private static int CheckedLength(ulong length) =>
        length <= int.MaxValue ? (int)length : throw new FormatException($"A node of {length} bytes is past the end of the record.");

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> data, ref int position, int length)
    {
        if (length > data.Length - position)
        {
            throw new FormatException($"The record ends {length - (data.Length - position)} bytes early.");
        }

        var taken = data.Slice(position, length);
        position += length;
        return taken;
    }
}
