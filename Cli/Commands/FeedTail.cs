using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ObjectStore.Cli.Http;
using ObjectStore.Cli.Output;
using ObjectStore.Objects;

namespace ObjectStore.Cli.Commands;

/// <summary>
/// <c>feed tail</c>: long-polls a feed, prints each message and acknowledges it with the next request (as Allegro does),
/// or on the way out. Cancelled (Ctrl-C), it acknowledges what it printed and leaves the rest: a message taken by a
/// poll it abandoned is delivered again once its visibility timeout passes.
/// </summary>
internal static class FeedTail
{
    private const int MaxItemsPerFetch = 10;
    private const int WaitTimeSeconds = 20;

    public static Command Create(CommandRunner runner)
    {
        var feed = FeedCommands.Argument();
        var noAck = new Option<bool>("--no-ack") { Description = "Print without acknowledging: the messages come back after their visibility timeout." };
        var max = new Option<int?>("--max") { Description = "Stop after this many messages." };
        var command = new Command("tail", "Consume a feed: print each message as it arrives and acknowledge it, until Ctrl-C (or --max).") { feed, noAck, max };
        command.Validators.Add(result =>
        {
            if (result.GetValue(max) is < 1)
            {
                result.AddError("--max must be at least 1.");
            }
        });
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var path = FeedCommands.PathOf(session, parse.GetRequiredValue(feed)) + "/objects";
            var acknowledge = !parse.GetValue(noAck);
            var limit = parse.GetValue(max);
            var unacknowledged = new List<string>();
            var received = 0;
            try
            {
                while (limit is null || received < limit)
                {
                    var request = Request(Math.Min(MaxItemsPerFetch, (limit ?? int.MaxValue) - received), WaitTimeSeconds, unacknowledged);
                    var messages = await session.Store.PostAsync(path, request, cancellationToken);
                    unacknowledged.Clear();
                    foreach (var message in StoreClient.Parse(messages).EnumerateArray())
                    {
                        // Noted before it is printed, so that a stop right after the print still acknowledges it.
                        if (acknowledge)
                        {
                            unacknowledged.Add(message.GetProperty("receiptHandle").GetString()!);
                        }

                        Print(session, message);
                        received++;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C: a clean stop, acknowledging what was printed below.
            }

            if (unacknowledged.Count > 0)
            {
                await session.Store.PostAsync(path, Request(0, 0, unacknowledged), CancellationToken.None);
            }
        });
        return command;
    }

    /// <summary>A FeedRequest that acknowledges <paramref name="acknowledged"/> and then fetches up to <paramref name="maxItems"/>.</summary>
    private static byte[] Request(int maxItems, int waitTimeSeconds, IEnumerable<string> acknowledged) => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["_type"] = CanonTypes.FeedRequest,
        ["delete"] = new JsonArray([.. acknowledged.Select(handle => new JsonObject { ["_type"] = CanonTypes.FeedObjectDelete, ["receiptHandle"] = handle })]),
        ["maxItems"] = maxItems,
        ["waitTimeSeconds"] = waitTimeSeconds,
    });

    private static void Print(Session session, JsonElement message)
    {
        if (session.Json)
        {
            Printer.Line(session, message);
            return;
        }

        var payload = message.GetProperty("payload");
        session.Environment.Out.WriteLine(
            $"{ObjectView.Text(message, "messageId")}  {ObjectView.Kind(payload)}  {ObjectView.Text(payload, "sortKey")}  {Printer.AbsoluteHash(payload)}");
        session.Environment.Out.Flush();
    }
}
