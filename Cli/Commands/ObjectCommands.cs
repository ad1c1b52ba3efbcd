using System.CommandLine;
using System.Text.Json.Nodes;
using ObjectStore.Cli.Output;
using ObjectStore.Objects;

namespace ObjectStore.Cli.Commands;

/// <summary>
/// <c>put</c>, <c>update</c> and <c>delete</c>: each builds the object in canonical form, computes its hash, stores it at
/// that hash and prints it (with --json, the object as stored).
/// </summary>
internal static class ObjectCommands
{
    public static Command Put(CommandRunner runner)
    {
        var partition = new Option<string>("--partition") { Description = "The partition: its hash, NAME@USER, or a name of yours.", Required = true };
        var fields = new ObjectFields();
        var command = new Command("put", "Store a new object (the first version of a series) and print its hash.") { partition };
        fields.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(fields.SortKey) is null)
            {
                result.AddError("Option '--sort-key' is required.");
            }
        });
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var partitionHash = NamedIds.Resolve(parse.GetRequiredValue(partition), session, "partition");
            var body = new JsonObject { ["_type"] = CanonTypes.StoredApplicationObject, ["partitionHash"] = partitionHash.Value };
            await fields.FillAsync(body, session, parse, cancellationToken);
            await StoreAsync(session, body, cancellationToken);
        });
        return command;
    }

    public static Command Update(CommandRunner runner)
    {
        var baseHash = new Argument<string>("base-hash") { Description = "The object: the hash of its first version." };
        var fields = new ObjectFields();
        var command = new Command("update", "Store the next version of an object: its current version with the fields given changed.") { baseHash };
        fields.AddTo(command);
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var (current, currentJson) = await CurrentAsync(session, parse.GetRequiredValue(baseHash), cancellationToken);
            var next = currentJson.DeepClone().AsObject();
            Chain(next, current, currentJson);
            await fields.FillAsync(next, session, parse, cancellationToken);
            await StoreAsync(session, next, cancellationToken);
        });
        return command;
    }

    public static Command Delete(CommandRunner runner)
    {
        var baseHash = new Argument<string>("base-hash") { Description = "The object: the hash of its first version." };
        var physical = new Option<bool>("--physical") { Description = "Remove every version, rather than store a tombstone (a logical delete)." };
        var command = new Command("delete", "Delete an object: a tombstone version, or with --physical every version.") { baseHash, physical };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var (current, currentJson) = await CurrentAsync(session, parse.GetRequiredValue(baseHash), cancellationToken);
            var tombstone = new JsonObject
            {
                ["_type"] = CanonTypes.DeletedApplicationObject,
                ["_version"] = "1.0",
                ["deletionType"] = parse.GetValue(physical) ? "PHYSICAL" : "LOGICAL",
                ["hashType"] = 1,
                ["owner"] = session.Caller,
                ["partitionHash"] = currentJson["partitionHash"]?.DeepClone(),
                ["sortKey"] = currentJson["sortKey"]?.DeepClone(),
                ["createdDate"] = ObjectFields.Instant(session.Environment.Clock.GetUtcNow()),
            };
            Chain(tombstone, current, currentJson);
            await StoreAsync(session, tombstone, cancellationToken);
        });
        return command;
    }

    /// <summary>The current version of a series, as stored, and as JSON to build the next one from.</summary>
    private static async Task<(CanonicalBody Current, JsonObject Json)> CurrentAsync(Session session, string baseHash, CancellationToken cancellationToken)
    {
        var hash = NamedIds.ParseHash(baseHash, "base-hash");
        var bytes = await session.Store.GetAsync($"objects/{hash.ToUrlSafe()}?currentVersion=true", cancellationToken);
        return (CanonicalBody.Of(bytes), JsonNode.Parse(bytes)!.AsObject());
    }

    /// <summary>Names the series and the version replaced, and the sort key it had, as a new version must.</summary>
    private static void Chain(JsonObject next, CanonicalBody current, JsonObject currentJson)
    {
        next["baseHash"] = currentJson["baseHash"]?.DeepClone() ?? current.Hash.Value;
        next["prevHash"] = current.Hash.Value;
        next["prevSortKey"] = currentJson["sortKey"]?.DeepClone();
    }

    private static async Task StoreAsync(Session session, JsonObject body, CancellationToken cancellationToken)
    {
        var canonical = CanonicalBody.Of(body);
        var stored = await session.Store.PutObjectAsync(canonical.Hash, canonical.Bytes, cancellationToken);
        if (session.Json)
        {
            Printer.Raw(session, stored);
        }
        else
        {
            await session.Environment.Out.WriteLineAsync(canonical.Hash.Value);
        }
    }
}
