using System.Text.Json;
using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Partitions;

/// <summary>
/// The ID object of a partition or a feed (a NamedUserIdObject) in canonical form, and the hash derived from it that
/// names the partition or feed.
/// </summary>
public static class PartitionIds
{
    public const int MaxNameLength = 1024;

    /// <param name="what">What the ID names ("partition" or "feed"), for the error messages.</param>
    public static byte[] Canonicalize(PartitionId id, string what = "partition")
    {
        Validate(id, what);
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["_type"] = CanonTypes.NamedUserIdObject,
            ["_version"] = CanonTypes.Version,
            ["hashType"] = Hash.Sha256TypeId,
            ["name"] = id.Name,
            ["userId"] = id.UserId,
        });
        using var document = JsonDocument.Parse(json);
        return CanonicalJson.Serialize(document.RootElement);
    }

    public static Hash HashOf(PartitionId id, string what = "partition") => CanonicalJson.HashOf(Canonicalize(id, what));

    private static void Validate(PartitionId id, string what)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (string.IsNullOrEmpty(id.Name))
        {
            throw new InvalidInputException($"A {what} needs a non-empty 'name'.");
        }

        if (id.Name.Length > MaxNameLength)
        {
            throw new InvalidInputException($"A {what} name is at most {MaxNameLength} characters.");
        }

        TextChecks.RejectControlCharacters(id.Name, "name");

        if (id.UserId <= 0)
        {
            throw new InvalidInputException($"'userId' must be a positive user id, was {id.UserId}.");
        }
    }
}
