using System.Globalization;
using System.Text.Json.Nodes;
using ObjectStore.Objects;

namespace ObjectStore.Client;

/// <summary>
/// A typed view of a stored version's JSON (a StoredApplicationObject or, for a tombstone, a DeletedApplicationObject).
/// The bytes in <see cref="Stored"/> stay the truth; this only reads them.
/// </summary>
public sealed record StoredApplicationObject(StoredObject Stored)
{
    private readonly JsonObject _json = JsonNode.Parse(Stored.Canonical)!.AsObject();

    public Hash AbsoluteHash => Stored.AbsoluteHash;

    public Hash BaseHash => Stored.BaseHash;

    public Hash PartitionHash => Stored.PartitionHash;

    public string SortKey => Stored.SortKey;

    public string? Type => String("_type");

    public Hash? PrevHash => String("prevHash") is { } text ? Hash.Parse(text, "prevHash") : null;

    public string? PrevSortKey => String("prevSortKey");

    public long? Owner => Integer("owner");

    public JsonObject? Header => _json["header"]?.AsObject();

    public string? EncryptedPayload => String("encryptedPayload");

    public string? CipherSuiteId => String("cipherSuiteId");

    public string? ThreadId => String("threadId");

    public long? RotationId => Integer("rotationId");

    public DateTimeOffset? CreatedDate => Instant("createdDate");

    public DateTimeOffset? PurgeDate => Instant("purgeDate");

    /// <summary>LOGICAL or PHYSICAL for a deletion, null for a stored object.</summary>
    public string? DeletionType => String("deletionType");

    private string? String(string name) => _json[name]?.GetValue<string>();

    private long? Integer(string name) => _json[name]?.GetValue<long>();

    private DateTimeOffset? Instant(string name) =>
        String(name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;

    public static implicit operator StoredApplicationObject(StoredObject stored) => new(stored);

    public override string ToString() => Stored.Json;

    public bool Equals(StoredApplicationObject? other) => other is not null && other.AbsoluteHash == AbsoluteHash;

    public override int GetHashCode() => AbsoluteHash.GetHashCode();
}
