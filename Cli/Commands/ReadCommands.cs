using System.CommandLine;
using System.Text.Json;
using ObjectStore.Cli.Http;
using ObjectStore.Cli.Output;
using Spectre.Console;

namespace ObjectStore.Cli.Commands;

/// <summary><c>get</c>, <c>versions</c> and <c>page</c>: objects read by hash, by series, and by partition in sort-key order.</summary>
internal static class ReadCommands
{
    public static Command Get(CommandRunner runner)
    {
        var hash = new Argument<string>("hash") { Description = "A version's absolute hash, or with --current an object's base hash." };
        var current = new Option<bool>("--current") { Description = "The object's current version; the hash is its base hash." };
        var command = new Command("get", "Print a stored version as the store holds it (its canonical JSON).") { hash, current };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var path = Query.Path("objects/" + NamedIds.ParseHash(parse.GetRequiredValue(hash), "hash").ToUrlSafe(), ("currentVersion", parse.GetValue(current) ? true : null));
            var stored = await session.Store.GetAsync(path, cancellationToken);
            if (session.Json)
            {
                Printer.Raw(session, stored);
                return;
            }

            var item = StoreClient.Parse(stored);
            var table = new Table().AddColumns("field", "value").HideHeaders();
            foreach (var member in item.EnumerateObject())
            {
                table.AddRow(Markup.Escape(member.Name), Markup.Escape(ObjectView.Text(item, member.Name)));
            }

            table.AddRow("(absolute hash)", Printer.AbsoluteHash(item));
            Printer.Table(session, table);
        });
        return command;
    }

    public static Command Versions(CommandRunner runner)
    {
        var baseHash = new Argument<string>("base-hash") { Description = "The object: the hash of its first version." };
        var command = new Command("versions", "List every version of an object, oldest first.") { baseHash };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var path = "objects/" + NamedIds.ParseHash(parse.GetRequiredValue(baseHash), "base-hash").ToUrlSafe() + "/versions";
            await PrintObjectsAsync(session, Pages.ItemsAsync(session.Store, after => Query.Path(path, ("after", after)), all: true, cancellationToken));
        });
        return command;
    }

    public static Command Page(CommandRunner runner)
    {
        var partition = new Argument<string>("partition") { Description = "The partition: its hash, NAME@USER, or a name of yours." };
        var prefix = new Option<string?>("--prefix") { Description = "Only sort keys that start with this." };
        var min = new Option<string?>("--min") { Description = "Only sort keys after this one (exclusive)." };
        var max = new Option<string?>("--max") { Description = "Only sort keys up to this one (inclusive)." };
        var after = new Option<string?>("--after") { Description = "Start after this sort key (a page's cursor)." };
        var limit = new Option<int?>("--limit") { Description = "Objects per page, 1-100 (default 100)." };
        var reverse = new Option<bool>("--reverse") { Description = "Descending sort-key order." };
        var all = new Option<bool>("--all") { Description = "Every page, not only the first." };
        var command = new Command("page", "List a partition's current objects in sort-key order.") { partition, prefix, min, max, after, limit, reverse, all };
        command.Validators.Add(result =>
        {
            if (result.GetValue(prefix) is not null && (result.GetValue(min) is not null || result.GetValue(max) is not null))
            {
                result.AddError("--prefix cannot be combined with --min or --max.");
            }
        });
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var path = "partitions/" + NamedIds.Resolve(parse.GetRequiredValue(partition), session, "partition").ToUrlSafe() + "/page";
            string PageAt(string? cursor) => Query.Path(path,
                ("limit", parse.GetValue(limit)), ("after", cursor ?? parse.GetValue(after)), ("sortKeyPrefix", parse.GetValue(prefix)),
                ("sortKeyMin", parse.GetValue(min)), ("sortKeyMax", parse.GetValue(max)), ("scanForwards", parse.GetValue(reverse) ? false : null));
            await PrintObjectsAsync(session, Pages.ItemsAsync(session.Store, PageAt, parse.GetValue(all), cancellationToken));
        });
        return command;
    }

    /// <summary>Objects as a table, or one JSON object per line.</summary>
    private static async Task PrintObjectsAsync(Session session, IAsyncEnumerable<JsonElement> objects)
    {
        var items = new List<JsonElement>();
        await foreach (var item in objects)
        {
            if (session.Json)
            {
                Printer.Line(session, item);
            }
            else
            {
                items.Add(item);
            }
        }

        if (!session.Json)
        {
            Printer.Table(session, Printer.ObjectTable(items));
        }
    }
}
