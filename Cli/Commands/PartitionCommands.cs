using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ObjectStore.Cli.Http;
using ObjectStore.Cli.Output;
using Spectre.Console;
using ObjectStore.Objects;

namespace ObjectStore.Cli.Commands;

/// <summary><c>partition create|show|list|users|grant|revoke</c>: a partition of the caller's, and who may read and write it.</summary>
internal static class PartitionCommands
{
    public static Command Create(CommandRunner runner) => new("partition", "Create a partition, show it, list those you may read, list and change who may read and write it.")
    {
        CreateCommand(runner),
        Show(runner),
        List(runner),
        Users(runner),
        Change(runner, "grant", "Give a user READ and/or WRITE (READ when neither is named), keeping what they have.", grant: true),
        Change(runner, "revoke", "Take READ and/or WRITE from a user (both when neither is named).", grant: false),
    };

    private static Command CreateCommand(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The partition's name; the caller owns it." };
        var readers = new Option<long[]>("--read") { Description = "Users who may read it.", AllowMultipleArgumentsPerToken = true };
        var writers = new Option<long[]>("--write") { Description = "Users who may store objects in it.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("create", "Create a partition owned by the caller (or change the permissions of the users named); print its hash.") { name, readers, writers };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var permissions = new Dictionary<long, SortedSet<string>>();
            foreach (var user in parse.GetValue(readers) ?? [])
            {
                Permissions(permissions, user).Add("READ");
            }

            foreach (var user in parse.GetValue(writers) ?? [])
            {
                Permissions(permissions, user).Add("WRITE");
            }

            var id = new JsonObject { ["_type"] = CanonTypes.NamedUserIdObject, ["name"] = parse.GetRequiredValue(name), ["userId"] = session.Caller };
            await PrintPartitionAsync(session, await UpsertAsync(session.Store, id, permissions, cancellationToken));
        });
        return command;
    }

    private static Command Show(CommandRunner runner)
    {
        var partition = Argument();
        var command = new Command("show", "Show a partition: its hash, name and owner.") { partition };
        runner.Set(command, async (session, parse, cancellationToken) =>
            await PrintPartitionAsync(session, await session.Store.GetAsync(PathOf(session, parse.GetRequiredValue(partition)), cancellationToken)));
        return command;
    }

    private static Command List(CommandRunner runner)
    {
        var command = new Command("list", "List the partitions the caller owns or may read, with what the caller may do in each.");
        runner.Set(command, async (session, _, cancellationToken) =>
        {
            var table = new Table().AddColumns("partition hash", "name", "permissions");
            await foreach (var partition in ReadablePartitions.AllAsync(session.Store, cancellationToken))
            {
                if (session.Json)
                {
                    Printer.Line(session, partition);
                    continue;
                }

                var id = partition.GetProperty("id");
                table.AddRow(Markup.Escape(ObjectView.Text(partition, "partitionHash")), Markup.Escape($"{ObjectView.Text(id, "name")}@{ObjectView.Text(id, "userId")}"),
                    string.Join(", ", partition.GetProperty("permissions").EnumerateArray().Select(permission => permission.GetString())));
            }

            if (!session.Json)
            {
                Printer.Table(session, table);
            }
        });
        return command;
    }

    private static Command Users(CommandRunner runner)
    {
        var partition = Argument();
        var command = new Command("users", "List the users with permissions on a partition.") { partition };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var users = await UsersAsync(session, PathOf(session, parse.GetRequiredValue(partition)), cancellationToken);
            if (session.Json)
            {
                users.ForEach(user => Printer.Line(session, user));
                return;
            }

            var table = new Table().AddColumns("user", "permissions");
            users.ForEach(user => table.AddRow(ObjectView.Text(user, "userId"), string.Join(", ", user.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()))));
            Printer.Table(session, table);
        });
        return command;
    }

    private static Command Change(CommandRunner runner, string name, string description, bool grant)
    {
        var partition = Argument();
        var user = new Argument<long>("user") { Description = "The user whose permissions change." };
        var read = new Option<bool>("--read") { Description = "READ: reading objects and pages." };
        var write = new Option<bool>("--write") { Description = "WRITE: storing objects." };
        var command = new Command(name, description) { partition, user, read, write };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var path = PathOf(session, parse.GetRequiredValue(partition));
            var id = StoreClient.Parse(await session.Store.GetAsync(path, cancellationToken)).GetProperty("id");
            var userId = parse.GetValue(user);
            var named = new List<string>();
            if (parse.GetValue(read))
            {
                named.Add("READ");
            }

            if (parse.GetValue(write))
            {
                named.Add("WRITE");
            }

            var held = (await UsersAsync(session, path, cancellationToken))
                .Where(entry => entry.GetProperty("userId").GetInt64() == userId)
                .SelectMany(entry => entry.GetProperty("permissions").EnumerateArray().Select(permission => permission.GetString()!));
            var now = new SortedSet<string>(held, StringComparer.Ordinal);
            if (grant)
            {
                now.UnionWith(named.Count == 0 ? ["READ"] : named);
            }
            else
            {
                now.ExceptWith(named.Count == 0 ? ["READ", "WRITE"] : named);
            }

            var permissions = new Dictionary<long, SortedSet<string>> { [userId] = now };
            await PrintPartitionAsync(session, await UpsertAsync(session.Store, JsonNode.Parse(id.GetRawText())!, permissions, cancellationToken));
        });
        return command;
    }

    private static Argument<string> Argument() => new("partition") { Description = "The partition: its hash, NAME@USER, or a name of yours." };

    private static string PathOf(Session session, string partition) => "partitions/" + NamedIds.Resolve(partition, session, "partition").ToUrlSafe();

    private static SortedSet<string> Permissions(Dictionary<long, SortedSet<string>> permissions, long user) =>
        permissions.TryGetValue(user, out var set) ? set : permissions[user] = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>Every user with permissions, across pages.</summary>
    public static async Task<List<JsonElement>> UsersAsync(Session session, string partitionPath, CancellationToken cancellationToken)
    {
        var users = new List<JsonElement>();
        await foreach (var user in Pages.ItemsAsync(session.Store, after => Query.Path(partitionPath + "/users", ("after", after)), all: true, cancellationToken))
        {
            users.Add(user);
        }

        return users;
    }

    /// <summary>An UpsertPartitionRequest; a user given no permissions loses access.</summary>
    public static Task<byte[]> UpsertAsync(StoreClient store, JsonNode id, IReadOnlyDictionary<long, SortedSet<string>> permissions, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["_type"] = CanonTypes.UpsertPartitionRequest,
            ["partitionId"] = id.DeepClone(),
            ["userPermissions"] = new JsonArray([.. permissions.Select(user => new JsonObject
            {
                ["userId"] = user.Key,
                ["permissions"] = new JsonArray([.. user.Value.Select(permission => JsonValue.Create(permission))]),
            })]),
        };
        return store.PostAsync("partitions/upsert", JsonSerializer.SerializeToUtf8Bytes(request), cancellationToken);
    }

    private static async Task PrintPartitionAsync(Session session, byte[] answer)
    {
        if (session.Json)
        {
            Printer.Raw(session, answer);
            return;
        }

        var id = StoreClient.Parse(answer).GetProperty("id");
        await session.Environment.Out.WriteLineAsync($"{CanonicalBody.Of(System.Text.Encoding.UTF8.GetBytes(id.GetRawText())).Hash.Value}  {ObjectView.Text(id, "name")}@{ObjectView.Text(id, "userId")}");
    }
}
