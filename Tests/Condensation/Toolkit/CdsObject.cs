using System.Buffers.Binary;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// A Condensation object: a 4-byte big-endian count H, H hashes of 32 bytes (its links), then its data. Its hash is the
/// SHA-256 of all its bytes. Bytes that are not an object are sent to the store as plain byte arrays, never as this type.
/// </summary>
public sealed class CdsObject
{
    private const int HeaderLength = 4;

    private readonly byte[] _bytes;

    private CdsObject(byte[] bytes, IReadOnlyList<CdsHash> links)
    {
        _bytes = bytes;
        Links = links;
        Hash = CdsHash.Of(bytes);
    }

    /// <summary>All the object's bytes, as they are stored and sent.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    public int Length => _bytes.Length;

    public CdsHash Hash { get; }

    /// <summary>The hashes in its header, in order.</summary>
    public IReadOnlyList<CdsHash> Links { get; }

    /// <summary>What follows the header: a record, for most objects.</summary>
    public ReadOnlyMemory<byte> Data => Bytes[(HeaderLength + Links.Count * CdsHash.ByteLength)..];

    public static CdsObject Create(IEnumerable<CdsHash> links, ReadOnlySpan<byte> data)
    {
        var linkList = links.ToList();
        var bytes = new byte[HeaderLength + linkList.Count * CdsHash.ByteLength + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)linkList.Count);
        for (var index = 0; index < linkList.Count; index++)
        {
            linkList[index].ToBytes().CopyTo(bytes, HeaderLength + index * CdsHash.ByteLength);
        }

        data.CopyTo(bytes.AsSpan(HeaderLength + linkList.Count * CdsHash.ByteLength));
        return new CdsObject(bytes, linkList);
    }

    /// <summary>An object without links whose data is <paramref name="data"/>: not a record, unless the data happens to be one.</summary>
    public static CdsObject WithData(ReadOnlySpan<byte> data) => Create([], data);

    /// <summary>Reads bytes as an object; false when they are too short for their own header.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out CdsObject? cdsObject)
    {
        cdsObject = null;
        if (bytes.Length < HeaderLength)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (count > (uint)(bytes.Length - HeaderLength) / CdsHash.ByteLength)
        {
            return false;
        }

        var links = new List<CdsHash>((int)count);
        for (var index = 0; index < (int)count; index++)
        {
            links.Add(CdsHash.FromBytes(bytes.Slice(HeaderLength + index * CdsHash.ByteLength, CdsHash.ByteLength)));
        }

        cdsObject = new CdsObject(bytes.ToArray(), links);
        return true;
    }

    public static CdsObject Read(ReadOnlySpan<byte> bytes) =>
        TryRead(bytes, out var cdsObject) ? cdsObject! : throw new FormatException($"{bytes.Length} bytes are not a Condensation object.");
}
