using System.Text.Json.Nodes;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Cli;

/// <summary>
/// <c>objectstore export</c> from a store on the embedded SQLite default and <c>objectstore import</c> into a PostgreSQL
/// store, as README's "From SQLite to PostgreSQL" does it: what arrives is what left, hash for hash; an import run again
/// changes nothing; a bad file is refused before anything is written; an export that names no partition moves all the
/// caller may read. Each test moves partitions of its own.
/// </summary>
[Kind(TestKind.Http), Backend(StorageProvider.PostgreSql)]
public sealed class CliMigrationTests(CliMigrationTests.Stores stores) : IClassFixture<CliMigrationTests.Stores>
{
    private const long Owner = 351775001412007;
    private const long Reader = 1001;
    private const long Writer = 1002;

    private HttpSilo Source => stores.Sqlite;

    private HttpSilo Target => stores.PostgreSql;

    [Fact]
    public async Task Every_hash_version_chain_sort_key_tombstone_and_permission_arrives_in_PostgreSQL_as_it_left_SQLite()
    {
        var first = Name();
        var second = Name();
        var owner = Source.Token(Owner);
        await CliRun.SucceedAsync(Source, owner, "partition", "create", first, "--read", $"{Reader}", "--write", $"{Writer}");
        await CliRun.SucceedAsync(Source, owner, "partition", "create", second, "--read", $"{Reader}");
        var moved = await CliRun.SucceedAsync(Source, owner, "put", "--partition", first, "--sort-key", "a", "--payload", "v1", "--header", """{"n":1.5}""");
        await CliRun.SucceedAsync(Source, owner, "update", moved, "--payload", "v2", "--sort-key", "a2");
        await CliRun.SucceedAsync(Source, owner, "update", moved, "--payload", "v3");
        var deleted = await CliRun.SucceedAsync(Source, owner, "put", "--partition", first, "--sort-key", "b", "--payload", "gone soon");
        await CliRun.SucceedAsync(Source, owner, "delete", deleted);
        var removed = await CliRun.SucceedAsync(Source, owner, "put", "--partition", first, "--sort-key", "c", "--payload", "removed");
        await CliRun.SucceedAsync(Source, owner, "delete", removed, "--physical");
        await CliRun.SucceedAsync(Source, Source.Token(Writer), "put", "--partition", $"{first}@{Owner}", "--sort-key", "d", "--payload", "by the writer",
            "--thread", "+ZNefHakKm9vK7WREHHLEn///pEOR60jdA==", "--purge-date", "2999-01-01T00:00:00Z");
        await CliRun.SucceedAsync(Source, owner, "put", "--partition", second, "--sort-key", "b", "--payload", "reused key");
        var file = Path.Combine(Path.GetTempPath(), $"{Name()}.ndjson");

        var exported = await CliRun.RunAsync(Source, owner, "export", "--partition", first, $"{second}@{Owner}", "--out", file);
        var imported = await CliRun.RunAsync(Target, Target.Token(Owner), ["import", file, "--as-owners", .. SigningSettings(Target)]);

        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("exported 7 versions of 2 partitions", exported.Output, StringComparison.Ordinal);
        Assert.Contains("imported 7 of 7 versions and 2 partitions", imported.Output, StringComparison.Ordinal);
        Assert.Contains("import: 7 versions", imported.Error, StringComparison.Ordinal);
        Assert.Equal(10, File.ReadAllLines(file).Length);
        foreach (var partition in new[] { first, second })
        {
            await AssertSameAsync(partition);
        }

        var chain = await LinesAsync(Target, "versions", moved);
        Assert.Equal(3, chain.Count);
        Assert.Equal(await LinesAsync(Source, "versions", moved), chain);
        Assert.Equal(await LinesAsync(Source, "versions", deleted), await LinesAsync(Target, "versions", deleted));
        Assert.Equal(1, (await CliRun.RunAsync(Target, Target.Token(Owner), "get", removed)).ExitCode);
        File.Delete(file);
    }

    [Fact]
    public async Task A_whole_store_export_moves_every_partition_the_caller_may_read_and_reads_back_the_same_from_PostgreSQL()
    {
        // Users of this test alone, so that what they may read is what it made, whatever else the shared silos hold.
        var (exporter, other) = (TestUsers.Unique(), TestUsers.Unique());
        var (own, shared, readWrite, writeOnly) = (Name(), Name(), Name(), Name());
        await CliRun.SucceedAsync(Source, Source.Token(exporter), "partition", "create", own, "--read", $"{Reader}");
        await CliRun.SucceedAsync(Source, Source.Token(other), "partition", "create", shared, "--read", $"{exporter}");
        await CliRun.SucceedAsync(Source, Source.Token(other), "partition", "create", readWrite, "--read", $"{exporter}", "--write", $"{exporter}");
        await CliRun.SucceedAsync(Source, Source.Token(other), "partition", "create", writeOnly, "--write", $"{exporter}");
        var series = await CliRun.SucceedAsync(Source, Source.Token(exporter), "put", "--partition", own, "--sort-key", "a", "--payload", "v1");
        await CliRun.SucceedAsync(Source, Source.Token(exporter), "update", series, "--payload", "v2");
        var deleted = await CliRun.SucceedAsync(Source, Source.Token(other), "put", "--partition", shared, "--sort-key", "b", "--payload", "gone soon");
        await CliRun.SucceedAsync(Source, Source.Token(other), "delete", deleted);
        await CliRun.SucceedAsync(Source, Source.Token(exporter), "put", "--partition", $"{readWrite}@{other}", "--sort-key", "c", "--payload", "by the exporter");
        await CliRun.SucceedAsync(Source, Source.Token(exporter), "put", "--partition", $"{writeOnly}@{other}", "--sort-key", "d", "--payload", "not theirs to read");
        var file = Path.Combine(Path.GetTempPath(), $"{Name()}.ndjson");
        var check = file + ".check";

        var exported = await CliRun.RunAsync(Source, Source.Token(exporter), "export", "--out", file);
        var imported = await CliRun.RunAsync(Target, Target.Token(exporter), ["import", file, "--as-owners", .. SigningSettings(Target)]);
        var exportedAgain = await CliRun.RunAsync(Target, Target.Token(exporter), "export", "--out", check);

        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.True(exportedAgain.ExitCode == 0, exportedAgain.ToString());
        Assert.Contains("exported 5 versions of 3 partitions", exported.Output, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(file);
        var partitions = lines.Select(line => JsonNode.Parse(line)!["partition"]).OfType<JsonNode>().ToList();
        Assert.Equal(
            new[] { new PartitionId(own, exporter), new PartitionId(shared, other), new PartitionId(readWrite, other) }.Select(id => PartitionIds.HashOf(id).Value).Order(StringComparer.Ordinal),
            partitions.Select(partition => partition["partitionHash"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        // Nothing was physically deleted, so the new store's logs number the versions as the old one's did: the same file.
        Assert.Equal(lines, await File.ReadAllLinesAsync(check));
        File.Delete(file);
        File.Delete(check);
    }

    [Fact]
    public async Task An_import_interrupted_midway_and_run_again_ends_as_one_run_does_with_nothing_doubled()
    {
        var partition = Name();
        var owner = Source.Token(Owner);
        await CliRun.SucceedAsync(Source, owner, "partition", "create", partition, "--read", $"{Reader}");
        for (var i = 0; i < 6; i++)
        {
            var series = await CliRun.SucceedAsync(Source, owner, "put", "--partition", partition, "--sort-key", $"k{i}", "--payload", $"{i}");
            await CliRun.SucceedAsync(Source, owner, "update", series, "--payload", $"{i} again");
        }

        var file = Path.Combine(Path.GetTempPath(), $"{Name()}.ndjson");
        await CliRun.SucceedAsync(Source, owner, "export", "--partition", partition, "--out", file);
        var lines = await File.ReadAllLinesAsync(file);
        var interrupted = file + ".interrupted";
        await File.WriteAllLinesAsync(interrupted, lines.Take(2 + 5));

        // The run that stopped after five of twelve versions, as a killed import leaves the store: whole writes only.
        await CliRun.SucceedAsync(Target, Target.Token(Owner), "import", interrupted);
        Assert.Equal(5, (await LinesAsync(Target, "log", partition)).Count);
        await CliRun.SucceedAsync(Target, Target.Token(Owner), "import", file);
        await CliRun.SucceedAsync(Target, Target.Token(Owner), "import", file);

        await AssertSameAsync(partition);
        var log = await LinesAsync(Target, "log", partition);
        Assert.Equal(12, log.Count);
        Assert.Equal(Enumerable.Range(1, 12).Select(sequence => (long)sequence), log.Select(entry => JsonNode.Parse(entry)!["sequence"]!.GetValue<long>()));
        File.Delete(file);
        File.Delete(interrupted);
    }

    [Fact]
    public async Task A_malformed_line_is_refused_with_its_number_before_anything_is_written()
    {
        var partition = Name();
        var owner = Source.Token(Owner);
        await CliRun.SucceedAsync(Source, owner, "partition", "create", partition);
        await CliRun.SucceedAsync(Source, owner, "put", "--partition", partition, "--sort-key", "a", "--payload", "one");
        await CliRun.SucceedAsync(Source, owner, "put", "--partition", partition, "--sort-key", "b", "--payload", "two");
        var file = Path.Combine(Path.GetTempPath(), $"{Name()}.ndjson");
        await CliRun.SucceedAsync(Source, owner, "export", "--partition", partition, "--out", file);
        var lines = await File.ReadAllLinesAsync(file);
        var bad = file + ".bad";

        var tampered = lines.ToArray();
        tampered[3] = tampered[3].Replace("\"sortKey\":\"b\"", "\"sortKey\":\"B\"", StringComparison.Ordinal);
        Assert.NotEqual(lines[3], tampered[3]);
        await AssertRefusedAsync(tampered, ":4: the object hashes to ");
        await AssertRefusedAsync([lines[0], lines[1], "{\"version\":", lines[3]], ":3: ");
        await AssertRefusedAsync([lines[0], lines[2], lines[1], lines[3]], ":2: the version's partition");
        await AssertRefusedAsync(lines[1..], ":1: the file does not start with {\"objectstoreExport\":1}");

        Assert.Equal(1, (await CliRun.RunAsync(Target, Target.Token(Owner), "partition", "show", $"{partition}@{Owner}")).ExitCode);
        File.Delete(file);
        File.Delete(bad);

        async Task AssertRefusedAsync(string[] content, string message)
        {
            await File.WriteAllLinesAsync(bad, content);
            var result = await CliRun.RunAsync(Target, Target.Token(Owner), "import", bad);
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains(bad + message, result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_as_owners_a_version_another_user_wrote_is_refused_with_its_line_and_with_it_the_import_completes()
    {
        var partition = Name();
        await CliRun.SucceedAsync(Source, Source.Token(Owner), "partition", "create", partition, "--write", $"{Writer}");
        await CliRun.SucceedAsync(Source, Source.Token(Writer), "put", "--partition", $"{partition}@{Owner}", "--sort-key", "w", "--payload", "by the writer");
        var file = Path.Combine(Path.GetTempPath(), $"{Name()}.ndjson");
        await CliRun.SucceedAsync(Source, Source.Token(Owner), "export", "--partition", partition, "--out", file);

        var refused = await CliRun.RunAsync(Target, Target.Token(Owner), "import", file);
        var completed = await CliRun.RunAsync(Target, Target.Token(Owner), ["import", file, "--as-owners", .. SigningSettings(Target)]);

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains($"{file}:3: refused: urn:objectstore:problem:invalid (400): 'owner' must be the calling user", refused.Error, StringComparison.Ordinal);
        Assert.True(completed.ExitCode == 0, completed.ToString());
        await AssertSameAsync(partition);
        File.Delete(file);
    }

    /// <summary>The partition reads the same in both stores: its log (but for what was removed), current objects and users.</summary>
    private async Task AssertSameAsync(string name)
    {
        var partition = $"{name}@{Owner}";
        var sourceLog = (await LinesAsync(Source, "log", partition)).Select(entry => JsonNode.Parse(entry)!).Where(entry => entry["object"] is not null && entry["kind"]!.GetValue<string>() != "PHYSICAL_DELETE").ToList();
        var targetLog = (await LinesAsync(Target, "log", partition)).Select(entry => JsonNode.Parse(entry)!).ToList();
        Assert.True(sourceLog.Select(Version).SequenceEqual(targetLog.Select(Version)), $"source:\n{string.Join("\n", sourceLog.Select(Version))}\ntarget:\n{string.Join("\n", targetLog.Select(Version))}");
        Assert.Equal(await LinesAsync(Source, "page", partition, "--all"), await LinesAsync(Target, "page", partition, "--all"));
        Assert.Equal(await LinesAsync(Source, "partition", "users", partition), await LinesAsync(Target, "partition", "users", partition));
        Assert.Equal(
            await CliRun.SucceedAsync(Source, Source.Token(Owner), "partition", "show", partition),
            await CliRun.SucceedAsync(Target, Target.Token(Owner), "partition", "show", PartitionIds.HashOf(new PartitionId(name, Owner)).Value));

        static string Version(JsonNode entry) =>
            string.Join(' ', new[] { "absoluteHash", "baseHash", "kind", "sortKey", "previousSortKey" }.Select(field => entry[field]?.GetValue<string>())) + entry["object"]!.ToJsonString();
    }

    private static async Task<List<string>> LinesAsync(HttpSilo silo, params string[] args)
    {
        var result = await CliRun.RunAsync(silo, silo.Token(Owner), [.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return [.. result.Lines];
    }

    private static string[] SigningSettings(HttpSilo silo) =>
        [$"--Authentication:SigningKey={Convert.ToBase64String(silo.SymmetricKey.Key)}", $"--Authentication:Issuer={HttpSilo.Issuer}"];

    private static string Name() => $"move-{Guid.NewGuid():N}";


    /// <summary>A store on SQLite to export from and one on PostgreSQL to import into, shared by the class's tests.</summary>
    public sealed class Stores : IAsyncLifetime
    {
        private HttpSilo? _sqlite;
        private HttpSilo? _postgreSql;

        public HttpSilo Sqlite => _sqlite ?? throw new InvalidOperationException("The SQLite silo has not started.");

        public HttpSilo PostgreSql => _postgreSql ?? throw new InvalidOperationException("The PostgreSQL silo has not started.");

        public async Task InitializeAsync()
        {
            _sqlite = await HttpSilo.StartAsync(StorageProvider.Sqlite);
            _postgreSql = await HttpSilo.StartAsync(StorageProvider.PostgreSql);
        }

        public async Task DisposeAsync()
        {
            foreach (var silo in new[] { _postgreSql, _sqlite })
            {
                if (silo is not null)
                {
                    await silo.DisposeAsync();
                }
            }
        }
    }
}
