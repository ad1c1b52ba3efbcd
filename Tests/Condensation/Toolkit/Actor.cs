using System.Security.Cryptography;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// A Condensation actor: an RSA-2048 key pair. Its public key object is a record <c>e</c> → exponent bytes,
/// <c>n</c> → modulus bytes (both big-endian, no links), and that object's hash is the actor's hash and its account id.
/// </summary>
public sealed class Actor : IDisposable
{
    private readonly RSA _key;

    private Actor(RSA key)
    {
        _key = key;
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var record = new RecordBuilder();
        record.Add("e").Add(parameters.Exponent);
        record.Add("n").Add(parameters.Modulus);
        PublicKeyObject = record.ToObject();
    }

    /// <summary>A new actor with a fresh key; the store knows nothing of it until its public key object is put.</summary>
    public static Actor Create() => new(RSA.Create(2048));

    public CdsObject PublicKeyObject { get; }

    /// <summary>The hash of the public key object: the actor's id and its account's id.</summary>
    public CdsHash Hash => PublicKeyObject.Hash;

    /// <summary>RSASSA-PSS (SHA-256, MGF1-SHA-256, salt of 32 bytes) over a SHA-256 digest.</summary>
    public byte[] SignDigest(ReadOnlySpan<byte> digest) => _key.SignHash(digest.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    public void Dispose() => _key.Dispose();

    public override string ToString() => $"actor {Hash.Hex[..8]}";
}
