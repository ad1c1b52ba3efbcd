using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ObjectStore.Cli.Commands;
using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Cli.Transfer;

/// <summary>
/// The export format, NDJSON: a first line <c>{"objectstoreExport":1}</c>; then for each partition a line
/// <c>{"partition":{id, partitionHash, users}}</c> followed by its versions in log order, each a line
/// <c>{"version":{absoluteHash, object, partitionHash, sequence}}</c> whose <c>object</c> is the stored object, which
/// hashes (in canonical form) to <c>absoluteHash</c>. Reading checks every line before it is used.
/// </summary>
internal static class ExportFile
{
    public const string FormatMember = "objectstoreExport";
    public const int FormatVersion = 1;

    public static string Header() => new JsonObject { [FormatMember] = FormatVersion }.ToJsonString();

    public static string Line(ExportedPartition partition) => new JsonObject
    {
        ["partition"] = new JsonObject
        {
            ["id"] = partition.Id.DeepClone(),
            ["partitionHash"] = partition.PartitionHash.Value,
            ["users"] = new JsonArray([.. partition.Users.Select(user => new JsonObject
            {
                ["permissions"] = new JsonArray([.. user.Value.Select(permission => JsonValue.Create(permission))]),
                ["userId"] = user.Key,
            })]),
        },
    }.ToJsonString();

    /// <summary>A version's line; the object goes in compact, so that it fits one line, and is made canonical again on import.</summary>
    public static string Line(Hash partitionHash, long sequence, Hash absoluteHash, JsonElement stored) => new JsonObject
    {
        ["version"] = new JsonObject
        {
            ["absoluteHash"] = absoluteHash.Value,
            ["object"] = JsonNode.Parse(stored.GetRawText()),
            ["partitionHash"] = partitionHash.Value,
            ["sequence"] = sequence,
        },
    }.ToJsonString();

    /// <summary>What a line holds: the header (null), a partition or a version; a <see cref="TransferException"/> naming the line otherwise.</summary>
    public static object? Read(string line, int number, string file)
    {
        try
        {
            var root = JsonNode.Parse(line) as JsonObject ?? throw new FormatException("the line is not a JSON object");
            if (number == 1)
            {
                return root[FormatMember]?.GetValue<int>() == FormatVersion ? null : throw new FormatException($"the file does not start with {Header()}: it is not an objectstore export");
            }

            if (root["partition"] is JsonObject partition)
            {
                return ReadPartition(partition);
            }

            return root["version"] is JsonObject version ? ReadVersion(version) : throw new FormatException("the line is neither a partition nor a version");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ObjectStoreException)
        {
            throw new TransferException($"{file}:{number}: {e.Message}");
        }
    }

    private static ExportedPartition ReadPartition(JsonObject partition)
    {
        var id = partition["id"] as JsonObject ?? throw new FormatException("the partition has no 'id' object");
        _ = id["userId"]?.GetValue<long>() ?? throw new FormatException("the partition's id names no owner in 'userId'");
        var hash = HashField(partition, "partitionHash");
        var computed = CanonicalBody.Of(id).Hash;
        if (computed != hash)
        {
            throw new FormatException($"the partition's id hashes to {computed.Value}, not to its partitionHash {hash.Value}");
        }

        var users = new Dictionary<long, SortedSet<string>>();
        foreach (var user in partition["users"] as JsonArray ?? [])
        {
            var permissions = (user?["permissions"] as JsonArray ?? throw new FormatException("a user has no 'permissions' array"))
                .Select(permission => permission?.GetValue<string>() is "READ" or "WRITE" ? permission.GetValue<string>() : throw new FormatException("a permission is READ or WRITE"));
            var userId = user?["userId"]?.GetValue<long>() ?? throw new FormatException("a user has no 'userId'");
            users[userId] = new SortedSet<string>(permissions, StringComparer.Ordinal);
        }

        return new ExportedPartition(hash, id, users);
    }

    private static ExportedVersion ReadVersion(JsonObject version)
    {
        var stored = version["object"] as JsonObject ?? throw new FormatException("the version has no 'object'");
        var absoluteHash = HashField(version, "absoluteHash");
        var partitionHash = HashField(version, "partitionHash");
        var canonical = CanonicalBody.Of(Encoding.UTF8.GetBytes(stored.ToJsonString()));
        if (canonical.Hash != absoluteHash)
        {
            throw new FormatException($"the object hashes to {canonical.Hash.Value}, not to its absoluteHash {absoluteHash.Value}: it was changed after the export");
        }

        if (stored["partitionHash"]?.GetValue<string>() is not { } inObject || !Hash.TryParse(inObject, out var objectPartition) || objectPartition != partitionHash)
        {
            throw new FormatException($"the object is not in the partition {partitionHash.Value} its line names");
        }

        var sequence = version["sequence"]?.GetValue<long>() ?? throw new FormatException("the version has no 'sequence'");
        return new ExportedVersion(partitionHash, sequence, absoluteHash, stored["owner"]?.GetValue<long>(), canonical.Bytes);
    }

    private static Hash HashField(JsonObject json, string name) =>
        Hash.TryParse(json[name]?.GetValue<string>(), out var hash) ? hash : throw new FormatException($"'{name}' is not a hash");
}
