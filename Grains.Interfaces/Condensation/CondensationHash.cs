using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace ObjectStore.Condensation;

/// <summary>
/// A Condensation hash: the SHA-256 digest of an object's bytes, written as 64 lower-case hex characters. Account ids
/// are hashes too: the hash of the actor's public key object.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.CondensationHash")]
public readonly struct CondensationHash : IEquatable<CondensationHash>, IComparable<CondensationHash>
{
    public const int ByteLength = 32;

    [Id(0)] private readonly string? _hex;

    private CondensationHash(string hex) => _hex = hex;

    /// <summary>The 64 lower-case hex characters.</summary>
    public string Hex => _hex ?? throw new InvalidOperationException("The default CondensationHash has no value.");

    public static CondensationHash Of(ReadOnlySpan<byte> bytes) => FromBytes(SHA256.HashData(bytes));

    public static CondensationHash FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == ByteLength
            ? new CondensationHash(Convert.ToHexStringLower(bytes))
            : throw new ArgumentException($"A Condensation hash is {ByteLength} bytes, not {bytes.Length}.", nameof(bytes));

    /// <summary>Accepts exactly 64 lower-case hex characters, the only form the protocol uses in paths and headers.</summary>
    public static bool TryParse([NotNullWhen(true)] string? hex, out CondensationHash hash)
    {
        hash = default;
        if (hex is null || hex.Length != ByteLength * 2 || !hex.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        hash = new CondensationHash(hex);
        return true;
    }

    public byte[] ToBytes() => Convert.FromHexString(Hex);

    /// <summary>The first 24 bytes, by which envelopes name actors (<c>updated by</c>, <c>encrypted for</c>).</summary>
    public ReadOnlySpan<byte> Prefix24 => ToBytes().AsSpan(0, 24);

    public bool Equals(CondensationHash other) => string.Equals(_hex, other._hex, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is CondensationHash other && Equals(other);

    public override int GetHashCode() => _hex is null ? 0 : StringComparer.Ordinal.GetHashCode(_hex);

    /// <summary>Lower-case hex sorts like the bytes it spells.</summary>
    public int CompareTo(CondensationHash other) => string.CompareOrdinal(_hex, other._hex);

    public static bool operator ==(CondensationHash left, CondensationHash right) => left.Equals(right);

    public static bool operator !=(CondensationHash left, CondensationHash right) => !left.Equals(right);

    public override string ToString() => _hex ?? "";
}
