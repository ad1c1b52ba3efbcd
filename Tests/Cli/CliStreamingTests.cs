using System.Text.Json.Nodes;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Cli;

/// <summary>
/// <c>objectstore feed tail</c> and <c>log --follow</c> against the shared SQLite silo: they print what is written after they
/// started, the tail acknowledges it, and both stop cleanly when cancelled.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class CliStreamingTests(HttpSiloFixture fixture)
{
    private const long Owner = 351775001412007;

    private HttpSilo Silo => fixture.Silo;

    [Fact]
    public async Task Tail_prints_a_write_made_after_it_started_acknowledges_it_and_stops_cleanly_when_cancelled()
    {
        var token = Silo.Token(Owner);
        var (partition, feed) = await NewFeedAsync(token);

        var console = new LiveConsole();
        using var stop = new CancellationTokenSource();
        var tail = CliRun.RunAsync(console.Console, Silo, token, stop.Token, "feed", "tail", feed);
        var written = await CliRun.SucceedAsync(Silo, token, "put", "--partition", partition, "--sort-key", "after-start", "--payload", "news");

        await console.WaitForAsync(written, tail);

        await stop.CancelAsync();
        var result = await tail;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("after-start", console.Printed(), StringComparison.Ordinal);
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

    [Fact]
    public async Task Log_follow_prints_a_write_made_after_it_started_and_stops_cleanly_when_cancelled()
    {
        var token = Silo.Token(Owner);
        var (partition, _) = await NewFeedAsync(token);
        var before = await CliRun.SucceedAsync(Silo, token, "put", "--partition", partition, "--sort-key", "before", "--payload", "old");
        var console = new LiveConsole();

        using var stop = new CancellationTokenSource();
        var follow = CliRun.RunAsync(console.Console, Silo, token, stop.Token, "log", partition, "--follow");
        await console.WaitForAsync(before, follow);
        var written = await CliRun.SucceedAsync(Silo, token, "put", "--partition", partition, "--sort-key", "after-start", "--payload", "news");
        await console.WaitForAsync(written, follow);
        await stop.CancelAsync();
        var result = await follow;

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = console.Printed().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("     2  STORED", lines[1], StringComparison.Ordinal);
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
