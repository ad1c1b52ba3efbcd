using System.Text;
using System.Text.Json.Nodes;
using ObjectStore.Objects;

namespace ObjectStore.Client;

/// <summary>
/// The fields of a StoredApplicationObject that an application chooses. The client adds the version fields
/// (baseHash, prevHash, prevSortKey) and the store computes the hash.
/// </summary>
public sealed record ObjectDraft(Hash PartitionHash, string SortKey)
{
    /// <summary>The user who writes this version; <see cref="ObjectStoreClient"/> sets it to the calling user.</summary>
    public long? Owner { get; init; }

    /// <summary>The plaintext header: a JSON object with the application's own <c>_type</c>.</summary>
    public JsonObject? Header { get; init; }

    /// <summary>Base64 ciphertext, never decrypted by the store.</summary>
    public string? EncryptedPayload { get; init; }

    public string? CipherSuiteId { get; init; }

    /// <summary>Base64 thread id; fixed for every version of an object.</summary>
    public string? ThreadId { get; init; }

    public long? RotationId { get; init; }

    public DateTimeOffset? CreatedDate { get; init; }

    /// <summary>After this time the store removes the object.</summary>
    public DateTimeOffset? PurgeDate { get; init; }

    /// <summary>
    /// The Symphony JSON of this draft: a first version, or, given the <paramref name="previous"/> version, the next one.
    /// </summary>
    public string ToJson(StoredObject? previous = null) => Encoding.UTF8.GetString(ToUtf8Json(previous));

    /// <summary>The JSON of <see cref="ToJson"/> as the UTF-8 bytes the store takes.</summary>
    public byte[] ToUtf8Json(StoredObject? previous = null) => ObjectJson.Write(writer =>
    {
        writer.WriteString("_type", CanonTypes.StoredApplicationObject);
        ObjectJson.WriteCommon(writer, PartitionHash, SortKey, previous);
        ObjectJson.WriteIfPresent(writer, "owner", Owner);
        if (Header is not null)
        {
            writer.WritePropertyName("header");
            Header.WriteTo(writer);
        }

        ObjectJson.WriteIfPresent(writer, "encryptedPayload", EncryptedPayload);
        ObjectJson.WriteIfPresent(writer, "cipherSuiteId", CipherSuiteId);
        ObjectJson.WriteIfPresent(writer, "threadId", ThreadId);
        ObjectJson.WriteIfPresent(writer, "rotationId", RotationId);
        ObjectJson.WriteIfPresent(writer, "createdDate", ObjectJson.Instant(CreatedDate));
        ObjectJson.WriteIfPresent(writer, "purgeDate", ObjectJson.Instant(PurgeDate));
    });
}
