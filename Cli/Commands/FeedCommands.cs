using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ObjectStore.Cli.Http;
using ObjectStore.Cli.Output;
using Spectre.Console;
using ObjectStore.Objects;

namespace ObjectStore.Cli.Commands;

/// <summary><c>feed create|tail|status|dead-letters|requeue|delete</c>.</summary>
internal static class FeedCommands
{
    public static Command Create(CommandRunner runner) => new("feed", "Create feeds of partitions' writes, consume them, and look after their dead letters.")
    {
        CreateCommand(runner),
        FeedTail.Create(runner),
        Status(runner),
        DeadLetters(runner),
        Requeue(runner),
        Delete(runner),
    };

    /// <summary>The feed argument: its hash, NAME@USER, or a name of the caller's.</summary>
    public static Argument<string> Argument() => new("feed") { Description = "The feed: its hash, NAME@USER, or a name of yours." };

    public static string PathOf(Session session, string feed) => "feeds/" + NamedIds.Resolve(feed, session, "feed").ToUrlSafe();

    private static Command CreateCommand(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The feed's name; the caller owns it." };
        var select = new Option<string[]>("--select")
        {
            Description = "A partition to follow, P or P:PREFIX (only sort keys starting with PREFIX); P is a hash, NAME@USER, or a name of yours.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var readers = new Option<long[]>("--reader") { Description = "Users who may consume the feed too.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("create", "Create a feed of the writes to partitions from now on (or redefine one); print its hash.") { name, select, readers };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var selections = new JsonArray();
            foreach (var selection in parse.GetRequiredValue(select))
            {
                var colon = selection.IndexOf(':', StringComparison.Ordinal);
                var partition = colon < 0 ? selection : selection[..colon];
                selections.Add(new JsonObject
                {
                    ["_type"] = CanonTypes.PartitionSelection,
                    ["partitionHash"] = NamedIds.Resolve(partition, session, "partition").Value,
                    ["sortKeyPrefix"] = colon < 0 ? null : selection[(colon + 1)..],
                });
            }

            var request = new JsonObject
            {
                ["_type"] = CanonTypes.UpsertFeedRequest,
                ["feedId"] = new JsonObject { ["_type"] = CanonTypes.NamedUserIdObject, ["name"] = parse.GetRequiredValue(name), ["userId"] = session.Caller },
                ["partitionSelections"] = selections,
                ["userPermissions"] = new JsonArray([.. (parse.GetValue(readers) ?? []).Select(user => new JsonObject { ["userId"] = user, ["permissions"] = new JsonArray("READ") })]),
            };
            var feed = await session.Store.PostAsync("feeds/upsert", JsonSerializer.SerializeToUtf8Bytes(request), cancellationToken);
            await PrintFeedAsync(session, feed);
        });
        return command;
    }

    private static Command Status(CommandRunner runner)
    {
        var feed = Argument();
        var command = new Command("status", "Show a feed: its hash, owner, expiry, the messages it holds, and how far behind each partition's log it is.") { feed };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var answer = await session.Store.GetAsync(PathOf(session, parse.GetRequiredValue(feed)), cancellationToken);
            await PrintFeedAsync(session, answer);
            if (session.Json)
            {
                return;
            }

            var status = StoreClient.Parse(answer);
            var counts = new Table().AddColumns("pending", "in flight", "dead letters");
            counts.AddRow(ObjectView.Text(status, "pending"), ObjectView.Text(status, "inFlight"), ObjectView.Text(status, "deadLetters"));
            Printer.Table(session, counts);
            var lag = new Table().AddColumns("partition", "last sequence", "acked through", "backlog");
            foreach (var partition in status.GetProperty("partitions").EnumerateArray())
            {
                lag.AddRow(Markup.Escape(ObjectView.Text(partition, "partitionHash")), ObjectView.Text(partition, "lastSequence"),
                    ObjectView.Text(partition, "ackedThrough"), ObjectView.Text(partition, "backlog"));
            }

            Printer.Table(session, lag);
        });
        return command;
    }

    private static Command DeadLetters(CommandRunner runner)
    {
        var feed = Argument();
        var limit = new Option<int?>("--limit") { Description = "At most this many, 1-1000 (default 100)." };
        var command = new Command("dead-letters", "List a feed's dead letters, oldest first.") { feed, limit };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var path = Query.Path(PathOf(session, parse.GetRequiredValue(feed)) + "/deadLetters", ("limit", parse.GetValue(limit)));
            var deadLetters = await session.Store.GetJsonAsync(path, cancellationToken);
            if (session.Json)
            {
                foreach (var deadLetter in deadLetters.EnumerateArray())
                {
                    Printer.Line(session, deadLetter);
                }

                return;
            }

            var table = new Table().AddColumns("message id", "attempts", "dead since", "sort key", "kind");
            foreach (var deadLetter in deadLetters.EnumerateArray())
            {
                var payload = deadLetter.TryGetProperty("payload", out var stored) ? stored : default;
                table.AddRow(ObjectView.Text(deadLetter, "messageId"), ObjectView.Text(deadLetter, "attempts"), ObjectView.Text(deadLetter, "deadSince"),
                    Markup.Escape(ObjectView.Text(payload, "sortKey")), payload.ValueKind == JsonValueKind.Object ? ObjectView.Kind(payload) : "removed");
            }

            Printer.Table(session, table);
        });
        return command;
    }

    private static Command Requeue(CommandRunner runner)
    {
        var feed = Argument();
        var ids = new Argument<string[]>("message-id") { Description = "The dead letters to put back; all of them when none is named.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("requeue", "Put dead letters back on a feed (its owner).") { feed, ids };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var body = new JsonObject { ["messageIds"] = new JsonArray([.. (parse.GetValue(ids) ?? []).Select(id => JsonValue.Create(id))]) };
            var answer = await session.Store.PostAsync(PathOf(session, parse.GetRequiredValue(feed)) + "/deadLetters/requeue", JsonSerializer.SerializeToUtf8Bytes(body), cancellationToken);
            if (session.Json)
            {
                Printer.Raw(session, answer);
            }
            else
            {
                await session.Environment.Out.WriteLineAsync($"requeued {ObjectView.Text(StoreClient.Parse(answer), "requeued")}");
            }
        });
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var feed = Argument();
        var command = new Command("delete", "Delete a feed and the messages it holds (its owner).") { feed };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var path = PathOf(session, parse.GetRequiredValue(feed));
            await session.Store.DeleteAsync(path, cancellationToken);
            if (!session.Json)
            {
                await session.Environment.Out.WriteLineAsync("deleted");
            }
        });
        return command;
    }

    private static async Task PrintFeedAsync(Session session, byte[] answer)
    {
        if (session.Json)
        {
            Printer.Raw(session, answer);
            return;
        }

        var feed = StoreClient.Parse(answer);
        var id = feed.GetProperty("id");
        var expiry = DateTimeOffset.FromUnixTimeMilliseconds(feed.GetProperty("expiryTime").GetInt64());
        await session.Environment.Out.WriteLineAsync(
            $"{CanonicalBody.Of(System.Text.Encoding.UTF8.GetBytes(id.GetRawText())).Hash.Value}  {ObjectView.Text(id, "name")}@{ObjectView.Text(id, "userId")}  expires {ObjectFields.Instant(expiry)}");
    }
}
