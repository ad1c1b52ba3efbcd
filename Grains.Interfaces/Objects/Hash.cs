using System.Diagnostics.CodeAnalysis;

namespace ObjectStore.Objects;

/// <summary>
/// A Symphony hash: the 32-byte SHA-256 digest followed by the hash type id (1) twice, written as padded
/// standard Base64. Parsing also accepts the URL-safe alphabet and missing padding, because hashes travel in paths.
/// </summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.Hash")]
public readonly struct Hash : IEquatable<Hash>, IComparable<Hash>
{
    public const int ByteLength = 34;
    public const byte Sha256TypeId = 1;
    private const int DigestLength = 32;

    [Id(0)] private readonly string? _value;

    private Hash(string value) => _value = value;

    /// <summary>The canonical text: standard Base64 with padding.</summary>
    public string Value => _value ?? throw new InvalidOperationException("The default Hash has no value.");

    public bool IsEmpty => _value is null;

    public static Hash FromDigest(ReadOnlySpan<byte> sha256Digest)
    {
        if (sha256Digest.Length != DigestLength)
        {
            throw new ArgumentException($"A SHA-256 digest is {DigestLength} bytes.", nameof(sha256Digest));
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        sha256Digest.CopyTo(bytes);
        bytes[DigestLength] = Sha256TypeId;
        bytes[DigestLength + 1] = Sha256TypeId;
        return new Hash(Convert.ToBase64String(bytes));
    }

    public static Hash FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out var hash)
            ? hash
            : throw new ArgumentException($"A hash is {ByteLength} bytes ending in the type id {Sha256TypeId} twice.", nameof(bytes));

    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out Hash hash)
    {
        hash = default;
        if (bytes.Length != ByteLength || bytes[DigestLength] != Sha256TypeId || bytes[DigestLength + 1] != Sha256TypeId)
        {
            return false;
        }

        hash = new Hash(Convert.ToBase64String(bytes));
        return true;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out Hash hash)
    {
        hash = default;
        if (string.IsNullOrEmpty(text) || text.Length > 48)
        {
            return false;
        }

        var standard = text.Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight((standard.Length + 3) / 4 * 4, '=');
        Span<byte> bytes = stackalloc byte[36];
        return Convert.TryFromBase64String(standard, bytes, out var written) && TryFromBytes(bytes[..written], out hash);
    }

    /// <summary>Parses a hash or throws <see cref="Errors.InvalidInputException"/> naming the field.</summary>
    public static Hash Parse(string? text, string field) =>
        TryParse(text, out var hash)
            ? hash
            : throw new Errors.InvalidInputException($"'{field}' is not a valid hash: expected Base64 of {ByteLength} bytes (SHA-256 digest, then type id 1 twice).");

    public byte[] ToBytes() => Convert.FromBase64String(Value);

    /// <summary>The URL-safe Base64 form, for use in paths and grain keys.</summary>
    public string ToUrlSafe() => Value.Replace('+', '-').Replace('/', '_');

    public bool Equals(Hash other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is Hash other && Equals(other);

    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Orders hashes by their bytes, the order in which the store locks partitions.</summary>
    public int CompareTo(Hash other) => ((ReadOnlySpan<byte>)ToBytes()).SequenceCompareTo(other.ToBytes());

    public static bool operator ==(Hash left, Hash right) => left.Equals(right);

    public static bool operator !=(Hash left, Hash right) => !left.Equals(right);

    public override string ToString() => _value ?? "";
}
