using System.CommandLine;
using System.Text.Json;
using ObjectStore.Cli.Http;
using ObjectStore.Cli.Output;

namespace ObjectStore.Cli.Commands;

/// <summary>
/// <c>log P [--follow]</c>: a partition's committed writes in commit order, one line each; following, it asks for what
/// came after the last entry once a second until Ctrl-C.
/// </summary>
internal static class LogCommand
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromSeconds(1);

    public static Command Create(CommandRunner runner)
    {
        var partition = new Argument<string>("partition") { Description = "The partition: its hash, NAME@USER, or a name of yours." };
        var follow = new Option<bool>("--follow") { Description = "Keep printing new writes as they commit, until Ctrl-C." };
        var after = new Option<long?>("--after") { Description = "Start after this sequence number." };
        var command = new Command("log", "Print a partition's log: every committed write, in commit order, with its sequence number.") { partition, follow, after };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var hash = NamedIds.Resolve(parse.GetRequiredValue(partition), session, "partition");
            var last = parse.GetValue(after);
            try
            {
                do
                {
                    await foreach (var entry in PartitionLog.EntriesAsync(session.Store, hash, last, cancellationToken))
                    {
                        Print(session, entry);
                        last = PartitionLog.Sequence(entry);
                    }

                    if (parse.GetValue(follow))
                    {
                        await Task.Delay(FollowInterval, session.Environment.Clock, cancellationToken);
                    }
                }
                while (parse.GetValue(follow));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && parse.GetValue(follow))
            {
                // Ctrl-C ends following: a clean stop.
            }
        });
        return command;
    }

    private static void Print(Session session, JsonElement entry)
    {
        if (session.Json)
        {
            Printer.Line(session, entry);
            return;
        }

        var moved = ObjectView.Text(entry, "previousSortKey") is { Length: > 0 } previous ? $" (from {previous})" : "";
        var removed = PartitionLog.Object(entry) is null ? "  (removed)" : "";
        session.Environment.Out.WriteLine(
            $"{ObjectView.Text(entry, "sequence"),6}  {ObjectView.Text(entry, "kind"),-15}  {ObjectView.Text(entry, "sortKey")}{moved}  {ObjectView.Text(entry, "absoluteHash")}{removed}");
        session.Environment.Out.Flush();
    }
}
