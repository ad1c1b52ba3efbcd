using System.Text.Json;
using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Partitions;

/// <summary>A partition's ID object (a NamedUserIdObject) in canonical form, and the partition hash derived from it.</summary>
public static class PartitionIds
{
    public const string NamedUserIdObjectType = "com.symphony.s2.model.object.NamedUserIdObject";
    public const int MaxNameLength = 1024;

    public static byte[] Canonicalize(PartitionId id)
    {
        Validate(id);
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["_type"] = NamedUserIdObjectType,
            ["_version"] = "1.0",
            ["hashType"] = Hash.Sha256TypeId,
            ["name"] = id.Name,
            ["userId"] = id.UserId,
        });
        using var document = JsonDocument.Parse(json);
        return CanonicalJson.Serialize(document.RootElement);
    }

    public static Hash HashOf(PartitionId id) => CanonicalJson.HashOf(Canonicalize(id));

    private static void Validate(PartitionId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (string.IsNullOrEmpty(id.Name))
        {
            throw new InvalidInputException("A partition needs a non-empty 'name'.");
        }

        if (id.Name.Length > MaxNameLength)
        {
            throw new InvalidInputException($"A partition name is at most {MaxNameLength} characters.");
        }

        ObjectParser.RejectControlCharacters(id.Name, "name");

        if (id.UserId <= 0)
        {
            throw new InvalidInputException($"'userId' must be a positive user id, was {id.UserId}.");
        }
    }
}
