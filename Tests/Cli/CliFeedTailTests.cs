using System.Text.Json.Nodes;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;
using Spectre.Console;

namespace ObjectStore.Tests.Cli;

/// <summary><c>objectstore feed tail</c> against the shared SQLite silo: it consumes, prints and acknowledges, and stops when cancelled.</summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class CliFeedTailTests(HttpSiloFixture fixture)
{
    private const long Owner = 351775001412007;

    private HttpSilo Silo => fixture.Silo;

    [Fact]
    public async Task Tail_prints_a_write_made_after_it_started_acknowledges_it_and_stops_cleanly_when_cancelled()
    {
        var token = Silo.Token(Owner);
        var (partition, feed) = await NewFeedAsync(token);

        // The tail's output is read while it runs: a writer whose writes and reads take the same lock.
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        string Printed()
        {
            lock (output)
            {
                return text.ToString();
            }
        }

        using var stop = new CancellationTokenSource();
        var tail = CliRun.RunAsync(console, Silo, token, stop.Token, "feed", "tail", feed);
        var written = await CliRun.SucceedAsync(Silo, token, "put", "--partition", partition, "--sort-key", "after-start", "--payload", "news");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Printed().Contains(written, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !tail.IsCompleted, $"the tail did not print {written}: {Printed()}");
            await Task.Yield();
        }

        await stop.CancelAsync();
        var result = await tail;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("after-start", Printed(), StringComparison.Ordinal);
        var status = JsonNode.Parse(await CliRun.SucceedAsync(Silo, token, "feed", "status", feed, "--json"))!;
        Assert.Equal(0, status["pending"]!.GetValue<int>());
        Assert.Equal(0, status["inFlight"]!.GetValue<int>());
    }

    [Fact]
    public async Task Tail_with_no_ack_leaves_what_it_printed_in_flight_and_stops_after_max()
    {
        var token = Silo.Token(Owner);
        var (partition, feed) = await NewFeedAsync(token);
        var written = await CliRun.SucceedAsync(Silo, token, "put", "--partition", partition, "--sort-key", "k", "--payload", "news");

        var result = await CliRun.RunAsync(Silo, token, "feed", "tail", feed, "--no-ack", "--max", "1", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var message = JsonNode.Parse(Assert.Single(result.Lines))!;
        Assert.Equal("k", message["payload"]!["sortKey"]!.GetValue<string>());
        Assert.Contains(written, (await CliRun.SucceedAsync(Silo, token, "log", partition)), StringComparison.Ordinal);
        var status = JsonNode.Parse(await CliRun.SucceedAsync(Silo, token, "feed", "status", feed, "--json"))!;
        Assert.Equal(1, status["inFlight"]!.GetValue<int>());
    }

    /// <summary>A partition of the owner's and a feed of it.</summary>
    private async Task<(string Partition, string Feed)> NewFeedAsync(string token)
    {
        var partition = $"tail-{Guid.NewGuid():N}";
        var feed = $"tail-feed-{Guid.NewGuid():N}";
        await CliRun.SucceedAsync(Silo, token, "partition", "create", partition);
        await CliRun.SucceedAsync(Silo, token, "feed", "create", feed, "--select", partition);
        return (partition, feed);
    }
}
