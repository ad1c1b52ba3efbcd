using System.Buffers.Binary;
using System.Text;

namespace ObjectStore.Condensation;

/// <summary>
/// A node of a Condensation record: bytes, optionally one of the object's links, and children. An object's data is
/// the children of an implicit root. Each node is written as a flags byte (low 5 bits: length 0–29, 30: one more length
/// byte + 30, 31: an 8-byte length; 0x20: a link index follows the bytes; 0x40: children follow; 0x80: a sibling
/// follows), the bytes, the link index, then the children.
/// </summary>
public sealed class Record
{
    private const byte LinkFlag = 0x20;
    private const byte ChildrenFlag = 0x40;
    private const byte SiblingFlag = 0x80;

    /// <summary>Deeper records are refused: each level costs one byte, so a hostile object could otherwise exhaust the stack.</summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// Records with more nodes are refused: a node can cost one byte to send and a hundred to hold. A full modify body of
    /// 32-byte hashes has far fewer.
    /// </summary>
    public const int MaxNodes = 200_000;

    private readonly List<Record> _children = [];

    private Record(ReadOnlyMemory<byte> bytes, CondensationHash? link)
    {
        Bytes = bytes;
        Link = link;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    public CondensationHash? Link { get; }

    public IReadOnlyList<Record> Children => _children;

    public Record? FirstChild => _children.Count > 0 ? _children[0] : null;

    /// <summary>The first child whose bytes are <paramref name="label"/> in UTF-8.</summary>
    public Record? Child(string label)
    {
        var bytes = Encoding.UTF8.GetBytes(label);
        return _children.FirstOrDefault(child => child.Bytes.Span.SequenceEqual(bytes));
    }

    /// <summary>The bytes as a big-endian two's-complement integer (empty is 0); null beyond 8 bytes.</summary>
    public long? AsInteger()
    {
        var span = Bytes.Span;
        if (span.Length > 8)
        {
            return null;
        }

        long value = span.Length > 0 && (sbyte)span[0] < 0 ? -1 : 0;
        foreach (var b in span)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>Reads an object's data as a record. Empty data is an empty record. Trailing bytes are ignored, as clients do.</summary>
    public static bool TryRead(CondensationObject source, out Record record)
    {
        record = new Record(ReadOnlyMemory<byte>.Empty, null);
        if (source.Data.IsEmpty)
        {
            return true;
        }

        var reader = new Reader(source);
        return reader.ReadChildren(record, depth: 1);
    }

    private sealed class Reader(CondensationObject source)
    {
        private readonly ReadOnlyMemory<byte> _data = source.Data;
        private int _position;
        private int _nodes;

        public bool ReadChildren(Record parent, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            while (true)
            {
                if (!TryTake(1, out var flagsByte))
                {
                    return false;
                }

                var flags = flagsByte.Span[0];
                long length = (flags & 0x1f) switch
                {
                    30 => TryTake(1, out var extra) ? 30 + extra.Span[0] : -1,
                    31 => TryTake(8, out var longLength) ? (long)BinaryPrimitives.ReadUInt64BigEndian(longLength.Span) : -1,
                    var shortLength => shortLength,
                };
                if (length < 0 || length > _data.Length - _position || !TryTake((int)length, out var bytes))
                {
                    return false;
                }

                CondensationHash? link = null;
                if ((flags & LinkFlag) != 0)
                {
                    if (!TryTake(4, out var index))
                    {
                        return false;
                    }

                    var linkIndex = BinaryPrimitives.ReadUInt32BigEndian(index.Span);
                    link = linkIndex < source.LinkCount ? source.Link((int)linkIndex) : null;
                }

                if (++_nodes > MaxNodes)
                {
                    return false;
                }

                var child = new Record(bytes, link);
                parent._children.Add(child);
                if ((flags & ChildrenFlag) != 0 && !ReadChildren(child, depth + 1))
                {
                    return false;
                }

                if ((flags & SiblingFlag) == 0)
                {
                    return true;
                }
            }
        }

        private bool TryTake(int count, out ReadOnlyMemory<byte> taken)
        {
            if (count > _data.Length - _position)
            {
                taken = default;
                return false;
            }

            taken = _data.Slice(_position, count);
            _position += count;
            return true;
        }
    }
}
