using System.Text;
using System.Text.Json.Nodes;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace ObjectStore.Tests.Cli;

/// <summary>
/// The objectstore command, run in process against the shared SQLite silo over real HTTP: what each command stores and
/// prints, its exit codes, and its messages for bad input. Each test works in partitions of its own.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class CliCommandTests(HttpSiloFixture fixture)
{
    private const long Owner = 351775001412007;
    private const long Reader = 1001;
    private const long Writer = 1002;
    private const long Stranger = 1003;

    private HttpSilo Silo => fixture.Silo;

    private string OwnerToken => Silo.Token(Owner);

    [Fact]
    public async Task Token_mints_with_the_signing_key_from_settings_a_token_the_silo_accepts()
    {
        var token = await CliRun.SucceedAsync(Silo, null, "token", "4242",
            $"--Authentication:SigningKey={Convert.ToBase64String(Silo.SymmetricKey.Key)}", $"--Authentication:Issuer={HttpSilo.Issuer}");

        var name = NewName();
        var created = await CliRun.SucceedAsync(Silo, token, "partition", "create", name);

        Assert.Equal($"{PartitionIds.HashOf(new PartitionId(name, 4242)).Value}  {name}@4242", created);
    }

    [Fact]
    public async Task Token_without_a_signing_key_is_a_usage_error_that_names_the_setting()
    {
        var result = await CliRun.RunAsync(Silo, null, "token", "4242");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Authentication:SigningKey", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partitions_are_created_shown_and_their_users_granted_and_revoked_by_name_or_hash()
    {
        var name = NewName();
        var hash = PartitionIds.HashOf(new PartitionId(name, Owner)).Value;

        var created = await CliRun.SucceedAsync(Silo, OwnerToken, "partition", "create", name, "--read", $"{Reader}", "--write", $"{Writer}");
        Assert.Equal($"{hash}  {name}@{Owner}", created);
        Assert.Equal(created, await CliRun.SucceedAsync(Silo, OwnerToken, "partition", "show", $"{name}@{Owner}"));
        Assert.Equal(created, await CliRun.SucceedAsync(Silo, Silo.Token(Reader), "partition", "show", hash.Replace('+', '-').Replace('/', '_')));
        Assert.Equal([$"{Reader}:READ", $"{Writer}:WRITE"], await UsersAsync(name));

        await CliRun.SucceedAsync(Silo, OwnerToken, "partition", "grant", name, $"{Reader}", "--write");
        await CliRun.SucceedAsync(Silo, OwnerToken, "partition", "grant", hash, $"{Stranger}");
        Assert.Equal([$"{Reader}:READ,WRITE", $"{Writer}:WRITE", $"{Stranger}:READ"], await UsersAsync(name));

        await CliRun.SucceedAsync(Silo, OwnerToken, "partition", "revoke", name, $"{Reader}", "--read");
        await CliRun.SucceedAsync(Silo, OwnerToken, "partition", "revoke", name, $"{Writer}");
        Assert.Equal([$"{Reader}:WRITE", $"{Stranger}:READ"], await UsersAsync(name));

        var table = await CliRun.SucceedAsync(Silo, OwnerToken, "partition", "users", name);
        Assert.Contains($"{Stranger}", table, StringComparison.Ordinal);
        Assert.Contains("READ", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partition_list_shows_what_the_caller_owns_or_may_read_with_its_permissions()
    {
        // Users of this test alone: what they may read is what it made, whatever the shared silo holds.
        var (lister, other) = (TestUsers.Unique(), TestUsers.Unique());
        var (own, granted, writeOnly) = (NewName(), NewName(), NewName());
        await CliRun.SucceedAsync(Silo, Silo.Token(lister), "partition", "create", own);
        await CliRun.SucceedAsync(Silo, Silo.Token(other), "partition", "create", granted, "--read", $"{lister}");
        await CliRun.SucceedAsync(Silo, Silo.Token(other), "partition", "create", writeOnly, "--write", $"{lister}");

        var listed = await CliRun.RunAsync(Silo, Silo.Token(lister), "partition", "list", "--json");
        var table = await CliRun.SucceedAsync(Silo, Silo.Token(lister), "partition", "list");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        var partitions = listed.Lines.Select(line => JsonNode.Parse(line)!).ToDictionary(partition => partition["partitionHash"]!.GetValue<string>());
        var (ownHash, grantedHash) = (PartitionIds.HashOf(new PartitionId(own, lister)).Value, PartitionIds.HashOf(new PartitionId(granted, other)).Value);
        Assert.Equal(new[] { ownHash, grantedHash }.Order(StringComparer.Ordinal), partitions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("READ,WRITE", string.Join(',', partitions[ownHash]["permissions"]!.AsArray().Select(permission => permission!.GetValue<string>())));
        Assert.Equal("READ", string.Join(',', partitions[grantedHash]["permissions"]!.AsArray().Select(permission => permission!.GetValue<string>())));
        Assert.Contains($"{granted}@{other}", table, StringComparison.Ordinal);
        Assert.DoesNotContain(writeOnly, table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Objects_are_put_updated_read_listed_paged_and_deleted_with_the_hashes_the_store_computes()
    {
        var name = NewName();
        await CliRun.SucceedAsync(Silo, OwnerToken, "partition", "create", name);

        var first = await CliRun.SucceedAsync(Silo, OwnerToken, "put", "--partition", name, "--sort-key", "a", "--payload", "hello", "--header", """{"kind":"note"}""");
        var stored = await CliRun.SucceedAsync(Silo, OwnerToken, "get", first, "--json");
        Assert.Equal(first, HashOf(stored).Value);
        var firstJson = JsonNode.Parse(stored)!;
        Assert.Equal(Convert.ToBase64String("hello"u8), firstJson["encryptedPayload"]!.GetValue<string>());
        Assert.Equal("note", firstJson["header"]!["kind"]!.GetValue<string>());
        Assert.Equal(Owner, firstJson["owner"]!.GetValue<long>());

        var payloadFile = Path.GetTempFileName();
        await File.WriteAllBytesAsync(payloadFile, [1, 2, 3]);
        var second = await CliRun.SucceedAsync(Silo, OwnerToken, "update", first, "--file", payloadFile, "--sort-key", "c");
        File.Delete(payloadFile);
        var current = JsonNode.Parse(await CliRun.SucceedAsync(Silo, OwnerToken, "get", first, "--current", "--json"))!;
        Assert.Equal(second, HashOf(current.ToJsonString()).Value);
        Assert.Equal([first, first, "a", "c", "AQID"],
            new[] { "baseHash", "prevHash", "prevSortKey", "sortKey", "encryptedPayload" }.Select(field => current[field]!.GetValue<string>()));
        Assert.Equal([first, second], (await JsonLinesAsync("versions", first)).Select(version => HashOf(version.ToJsonString()).Value));

        var other = await CliRun.SucceedAsync(Silo, OwnerToken, "put", "--partition", $"{name}@{Owner}", "--sort-key", "b", "--payload", "other");
        Assert.Equal(["b", "c"], await SortKeysAsync("page", name));
        Assert.Equal(["c", "b"], await SortKeysAsync("page", name, "--reverse"));
        Assert.Equal(["b"], await SortKeysAsync("page", name, "--prefix", "b"));
        Assert.Equal(["c"], await SortKeysAsync("page", name, "--min", "b"));
        Assert.Equal(["b"], await SortKeysAsync("page", name, "--max", "b", "--limit", "1", "--all"));
        var table = await CliRun.SucceedAsync(Silo, OwnerToken, "page", name);
        Assert.Contains(other, table, StringComparison.Ordinal);
        Assert.Contains(second, table, StringComparison.Ordinal);

        var tombstone = await CliRun.SucceedAsync(Silo, OwnerToken, "delete", first);
        var deleted = await CliRun.RunAsync(Silo, OwnerToken, "get", first, "--current");
        Assert.Equal(1, deleted.ExitCode);
        Assert.Contains("urn:objectstore:problem:deleted", deleted.Error, StringComparison.Ordinal);
        Assert.Equal("LOGICAL", JsonNode.Parse(await CliRun.SucceedAsync(Silo, OwnerToken, "get", tombstone, "--json"))!["deletionType"]!.GetValue<string>());
        Assert.Equal(["b"], await SortKeysAsync("page", name));

        await CliRun.SucceedAsync(Silo, OwnerToken, "delete", other, "--physical");
        var gone = await CliRun.RunAsync(Silo, OwnerToken, "get", other);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("urn:objectstore:problem:not-found", gone.Error, StringComparison.Ordinal);

        var log = await JsonLinesAsync("log", name);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], log.Select(entry => entry["sequence"]!.GetValue<long>()));
        Assert.Equal(["STORED", "STORED", "STORED", "LOGICAL_DELETE", "PHYSICAL_DELETE"], log.Select(entry => entry["kind"]!.GetValue<string>()));
        Assert.Equal([first, second, other, tombstone], log.Take(4).Select(entry => entry["absoluteHash"]!.GetValue<string>()));
        var lines = (await CliRun.RunAsync(Silo, OwnerToken, "log", name)).Lines;
        Assert.Equal(5, lines.Length);
        Assert.Contains("c (from a)", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_are_created_inspected_and_deleted()
    {
        var name = NewName();
        await CliRun.SucceedAsync(Silo, OwnerToken, "partition", "create", name, "--read", $"{Reader}");
        var feed = NewName();

        var created = await CliRun.SucceedAsync(Silo, OwnerToken, "feed", "create", feed, "--select", $"{name}:notes-", "--reader", $"{Reader}");
        Assert.StartsWith(PartitionIds.HashOf(new PartitionId(feed, Owner), "feed").Value + $"  {feed}@{Owner}  expires ", created, StringComparison.Ordinal);

        await CliRun.SucceedAsync(Silo, OwnerToken, "put", "--partition", name, "--sort-key", "notes-1", "--payload", "x");
        await CliRun.SucceedAsync(Silo, OwnerToken, "put", "--partition", name, "--sort-key", "other-1", "--payload", "y");
        await Eventually.UntilAsync(async () => JsonNode.Parse(await CliRun.SucceedAsync(Silo, Silo.Token(Reader), "feed", "status", $"{feed}@{Owner}", "--json"))!["pending"]!.GetValue<int>() == 1,
            "the write under the prefix reaches the feed");
        var status = await CliRun.RunAsync(Silo, OwnerToken, "feed", "status", feed);
        var described = JsonNode.Parse(await CliRun.SucceedAsync(Silo, OwnerToken, "feed", "status", feed, "--json"))!;
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("pending", status.Output, StringComparison.Ordinal);
        Assert.Contains(feed, status.Output, StringComparison.Ordinal);

        // Two writes in the log, the first still pending: the feed's cursor in the partition has not moved.
        var partitionHash = PartitionIds.HashOf(new PartitionId(name, Owner)).Value;
        var lagRow = Assert.Single(status.Lines, line => line.Contains(partitionHash, StringComparison.Ordinal));
        Assert.Equal([partitionHash, "2", "0", "2"], lagRow.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var lag = Assert.Single(described["partitions"]!.AsArray())!;
        Assert.Equal(partitionHash, lag["partitionHash"]!.GetValue<string>());
        Assert.Equal(2, lag["backlog"]!.GetValue<long>());

        Assert.Equal("", await CliRun.SucceedAsync(Silo, OwnerToken, "feed", "dead-letters", feed, "--json"));
        Assert.Equal("requeued 0", await CliRun.SucceedAsync(Silo, OwnerToken, "feed", "requeue", feed));

        var stranger = await CliRun.RunAsync(Silo, Silo.Token(Stranger), "feed", "status", $"{feed}@{Owner}");
        Assert.Equal(1, stranger.ExitCode);
        Assert.Contains("urn:objectstore:problem:", stranger.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await CliRun.RunAsync(Silo, Silo.Token(Reader), "feed", "delete", $"{feed}@{Owner}")).ExitCode);
        await CliRun.SucceedAsync(Silo, OwnerToken, "feed", "delete", feed);
        var after = await CliRun.RunAsync(Silo, OwnerToken, "feed", "status", feed);
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("urn:objectstore:problem:not-found", after.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_shows_a_progress_bar_on_a_terminal_and_plain_progress_lines_when_redirected()
    {
        var name = NewName();
        await CliRun.SucceedAsync(Silo, OwnerToken, "partition", "create", name);
        await CliRun.SucceedAsync(Silo, OwnerToken, "put", "--partition", name, "--sort-key", "a", "--payload", "one");
        var file = Path.Combine(Path.GetTempPath(), $"{name}.ndjson");
        var terminal = new TestConsole().Interactive();
        terminal.Profile.Width = 200;

        var onTerminal = await CliRun.RunAsync(terminal, Silo, OwnerToken, CancellationToken.None, "export", "--partition", name, "--out", file);
        var redirected = await CliRun.RunAsync(Silo, OwnerToken, "export", "--partition", name, "--out", file);

        Assert.True(onTerminal.ExitCode == 0, onTerminal.ToString());
        Assert.Contains("export: 1 versions", terminal.Output, StringComparison.Ordinal);
        Assert.Contains("100%", terminal.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("export: ", onTerminal.Error, StringComparison.Ordinal);
        Assert.True(redirected.ExitCode == 0, redirected.ToString());
        Assert.StartsWith("export: 1 versions, ", redirected.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("100%", redirected.Output, StringComparison.Ordinal);
        File.Delete(file);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("partition")]
    [InlineData("partition create")]
    [InlineData("partition show")]
    [InlineData("partition list")]
    [InlineData("partition users")]
    [InlineData("partition grant")]
    [InlineData("partition revoke")]
    [InlineData("put")]
    [InlineData("update")]
    [InlineData("delete")]
    [InlineData("get")]
    [InlineData("versions")]
    [InlineData("page")]
    [InlineData("log")]
    [InlineData("feed")]
    [InlineData("feed create")]
    [InlineData("feed tail")]
    [InlineData("feed status")]
    [InlineData("feed dead-letters")]
    [InlineData("feed requeue")]
    [InlineData("feed delete")]
    [InlineData("export")]
    [InlineData("import")]
    public async Task Every_command_has_help(string command)
    {
        var result = await CliRun.RunAsync(Silo, null, [.. command.Split(' '), "--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        Assert.Contains($"objectstore {command}", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown-command")]
    [InlineData("partition")]
    [InlineData("get")]
    [InlineData("put --partition p")]
    [InlineData("page p --prefix a --min b")]
    [InlineData("get a --no-such-option")]
    [InlineData("feed tail f --max 0")]
    public async Task A_command_line_the_tool_cannot_act_on_exits_2_and_says_why(string arguments)
    {
        var result = await CliRun.RunAsync(Silo, OwnerToken, arguments.Split(' '));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.False(string.IsNullOrWhiteSpace(result.Error), result.ToString());
    }

    [Fact]
    public async Task A_bad_hash_is_a_usage_error_naming_the_argument_and_nothing_is_sent()
    {
        var result = await CliRun.RunAsync(Silo, OwnerToken, "get", "not-a-hash");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("hash 'not-a-hash' is not a hash", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_partition_is_a_refusal_with_the_problem_type_and_detail()
    {
        var result = await CliRun.RunAsync(Silo, OwnerToken, "page", $"{NewName()}@{Owner}");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Refused: urn:objectstore:problem:not-found (404): ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_and_a_forbidden_read_are_refusals_that_change_nothing()
    {
        var name = NewName();
        var refused = await CliRun.RunAsync(Silo, "not-a-token", "partition", "show", $"{name}@{Owner}");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("urn:objectstore:problem:unauthenticated (401)", refused.Error, StringComparison.Ordinal);
        var expired = await CliRun.RunAsync(Silo, Silo.Token(Owner, expiresIn: TimeSpan.FromMinutes(-5)), "partition", "create", name);
        Assert.Equal(1, expired.ExitCode);
        Assert.Contains("urn:objectstore:problem:unauthenticated (401)", expired.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await CliRun.RunAsync(Silo, OwnerToken, "partition", "show", name)).ExitCode);

        await CliRun.SucceedAsync(Silo, OwnerToken, "partition", "create", name);
        var forbidden = await CliRun.RunAsync(Silo, Silo.Token(Stranger), "put", "--partition", $"{name}@{Owner}", "--sort-key", "a");
        Assert.Equal(1, forbidden.ExitCode);
        Assert.Contains("urn:objectstore:problem:forbidden (403)", forbidden.Error, StringComparison.Ordinal);
        Assert.Equal("", await CliRun.SucceedAsync(Silo, OwnerToken, "page", name, "--json"));
    }

    [Fact]
    public async Task No_store_at_the_url_is_a_refusal_that_names_it()
    {
        var console = new TestConsole();
        using var error = new StringWriter();
        var environment = new ObjectStore.Cli.CliEnvironment { Console = console, Error = error, Variable = _ => null };
        var unused = $"http://127.0.0.1:{FreePorts.Next()}/";

        var exitCode = await ObjectStore.Cli.CliApp.RunAsync(["partition", "show", "p@1", "--url", unused, "--token", OwnerToken], environment);

        Assert.Equal(1, exitCode);
        Assert.Contains($"Cannot reach the store at {unused}", error.ToString(), StringComparison.Ordinal);
    }

    private async Task<List<string>> UsersAsync(string partition) =>
        [.. (await JsonLinesAsync("partition", "users", partition)).Select(user =>
            $"{user["userId"]}:{string.Join(',', user["permissions"]!.AsArray().Select(permission => permission!.GetValue<string>()))}")];

    private async Task<List<string>> SortKeysAsync(params string[] args) =>
        [.. (await JsonLinesAsync(args)).Select(item => item["sortKey"]!.GetValue<string>())];

    private async Task<List<JsonNode>> JsonLinesAsync(params string[] args)
    {
        var result = await CliRun.RunAsync(Silo, OwnerToken, [.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return [.. result.Lines.Select(line => JsonNode.Parse(line)!)];
    }

    private static string NewName() => $"cli-{Guid.NewGuid():N}";

    private static Hash HashOf(string json)
    {
        using var document = CanonicalJson.Parse(Encoding.UTF8.GetBytes(json));
        return CanonicalJson.HashOf(CanonicalJson.Serialize(document.RootElement));
    }

}
