using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace ObjectStore.Condensation;

/// <summary>
/// A Condensation object: a 4-byte big-endian link count H, H hashes of 32 bytes (its links), then its data. Its hash is
/// the SHA-256 of all its bytes.
/// </summary>
public sealed class CondensationObject
{
    private const int HeaderLength = 4;

    private CondensationObject(byte[] bytes, int linkCount)
    {
        Bytes = bytes;
        LinkCount = linkCount;
    }

    public byte[] Bytes { get; }

    public int LinkCount { get; }

    public ReadOnlyMemory<byte> Data => Bytes.AsMemory(HeaderLength + LinkCount * CondensationHash.ByteLength);

    public CondensationHash Link(int index) =>
        CondensationHash.FromBytes(Bytes.AsSpan(HeaderLength + index * CondensationHash.ByteLength, CondensationHash.ByteLength));

    public IEnumerable<CondensationHash> Links => Enumerable.Range(0, LinkCount).Select(Link);

    public static bool TryParse(byte[] bytes, [NotNullWhen(true)] out CondensationObject? parsed)
    {
        parsed = null;
        if (bytes.Length < HeaderLength)
        {
            return false;
        }

        var linkCount = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (HeaderLength + (long)linkCount * CondensationHash.ByteLength > bytes.Length)
        {
            return false;
        }

        parsed = new CondensationObject(bytes, (int)linkCount);
        return true;
    }

    /// <summary>The object's data read as a record; null when it is not one.</summary>
    public Record? ReadRecord() => Record.TryRead(this, out var record) ? record : null;

    /// <summary>What the store needs to know of an object when it stores it.</summary>
    public ObjectFacts Facts()
    {
        var envelope = ReadRecord() is { } record && record.Child("content") is not null ? record : null;
        return new ObjectFacts(
            Bytes.Length,
            envelope is not null,
            envelope?.Child("expires")?.FirstChild?.AsInteger() is > 0 and var expires ? expires : null);
    }
}
