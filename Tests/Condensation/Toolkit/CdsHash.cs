using System.Security.Cryptography;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// A Condensation hash as the tests handle it: the SHA-256 of an object's bytes, 32 bytes, written in paths and headers
/// as 64 lower-case hex characters. The tests keep their own type rather than the server's, so that they check the
/// server against the protocol and not against itself.
/// </summary>
public readonly record struct CdsHash
{
    public const int ByteLength = 32;

    /// <summary>How many leading bytes of an actor's hash an envelope names it by (<c>updated by</c>).</summary>
    public const int PrefixLength = 24;

    private CdsHash(string hex) => Hex = hex;

    /// <summary>The 64 lower-case hex characters.</summary>
    public string Hex { get; }

    public static CdsHash Of(ReadOnlySpan<byte> bytes) => FromBytes(SHA256.HashData(bytes));

    public static CdsHash FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == ByteLength
            ? new CdsHash(Convert.ToHexStringLower(bytes))
            : throw new ArgumentException($"A hash is {ByteLength} bytes, not {bytes.Length}.", nameof(bytes));

    public static CdsHash FromHex(string hex) => FromBytes(Convert.FromHexString(hex));

    /// <summary>A hash that names nothing any test stores: random bytes, not the digest of anything.</summary>
    public static CdsHash Random() => FromBytes(RandomNumberGenerator.GetBytes(ByteLength));

    public byte[] ToBytes() => Convert.FromHexString(Hex);

    /// <summary>The first 24 bytes, by which an envelope names an actor under <c>updated by</c>.</summary>
    public byte[] Prefix() => ToBytes()[..PrefixLength];

    public override string ToString() => Hex;
}
