using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>Invariants 2, 3 and 4 under concurrent writers.</summary>
public abstract class ConcurrencyTests(ClusterFixture fixture) : StoreTestBase(fixture)
{
    [Fact]
    public async Task Of_fifty_concurrent_updates_from_one_version_exactly_one_wins()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "contended");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            try
            {
                return (Won: await Client.UpdateAsync(Owner, v1, Draft(partition, "contended", $"update {i}")), Error: (Exception?)null);
            }
            catch (Exception e)
            {
                return (Won: (StoredObject?)null, Error: e);
            }
        }));

        var winner = Assert.Single(attempts, attempt => attempt.Won is not null).Won!;
        Assert.All(attempts.Where(attempt => attempt.Won is null), attempt => Assert.IsType<VersionConflictException>(attempt.Error));
        var versions = (await Client.PageVersionsAsync(Owner, v1.BaseHash)).Items;
        Assert.Equal([v1.AbsoluteHash, winner.AbsoluteHash], versions.Select(version => version.AbsoluteHash));
        Assert.Contains($"\"prevHash\":\"{v1.AbsoluteHash}\"", versions[1].Json);
        Assert.Equal(winner.AbsoluteHash, (await Client.GetCurrentAsync(Owner, v1.BaseHash)).AbsoluteHash);
        Assert.Equal(2, (await ReadLogAsync(partition)).Count);
    }

    [Fact]
    public async Task Concurrent_updates_that_each_retry_on_conflict_form_one_unbroken_chain()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "chain");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(async writer =>
        {
            while (true)
            {
                var current = await Client.GetCurrentAsync(Owner, v1.BaseHash);
                try
                {
                    await Client.UpdateAsync(Owner, current, Draft(partition, "chain", $"writer {writer}"));
                    return;
                }
                catch (VersionConflictException)
                {
                }
            }
        }));

        var versions = (await Client.PageVersionsAsync(Owner, v1.BaseHash)).Items;
        Assert.Equal(11, versions.Count);
        for (var i = 1; i < versions.Count; i++)
        {
            Assert.Contains($"\"prevHash\":\"{versions[i - 1].AbsoluteHash}\"", versions[i].Json);
        }
    }

    [Fact]
    public async Task Of_concurrent_creates_of_one_sort_key_exactly_one_wins()
    {
        var partition = await NewPartitionAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await CreateAsync(partition, "only-one", $"creator {i}");
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }));

        Assert.Single(attempts, error => error is null);
        Assert.All(attempts.OfType<Exception>(), error => Assert.IsType<DuplicateSortKeyException>(error));
        Assert.Single(await ReadAllCurrentAsync(partition));
    }

    [Fact]
    public async Task The_log_has_no_gaps_or_duplicates_after_concurrent_writes_to_several_partitions()
    {
        var partitions = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => NewPartitionAsync()));

        var created = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            CreateAsync(partitions[i % 3], $"key-{i:D3}", $"payload {i}")));

        foreach (var partition in partitions)
        {
            var log = await ReadLogAsync(partition);
            Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), log.Select(entry => entry.Sequence));
            var mine = created.Where(stored => stored.PartitionHash == partition.PartitionHash).Select(stored => stored.AbsoluteHash);
            Assert.Equal(mine.Order(), log.Select(entry => entry.AbsoluteHash).Order());
        }
    }

    [Fact]
    public async Task Paging_while_others_write_never_skips_or_repeats_an_object_that_stayed_put()
    {
        var partition = await NewPartitionAsync();
        var stable = new List<string>();
        for (var i = 0; i < 60; i += 2)
        {
            stable.Add((await CreateAsync(partition, $"key-{i:D3}")).SortKey);
        }

        using var stop = new CancellationTokenSource();
        var churn = Task.Run(async () =>
        {
            var odd = 1;
            while (!stop.IsCancellationRequested)
            {
                var created = await CreateAsync(partition, $"key-{odd % 60:D3}", $"churn {odd}");
                await Client.DeleteAsync(Owner, created, ObjectStore.Client.DeletionType.Physical);
                odd += 2;
            }
        });

        foreach (var scanForwards in new[] { true, false })
        {
            var seen = new List<string>();
            string? after = null;
            do
            {
                var page = await Client.PageAsync(Reader, partition.PartitionHash, new PartitionPageQuery { Limit = 7, After = after, ScanForwards = scanForwards });
                seen.AddRange(page.Items.Select(stored => stored.SortKey));
                after = page.After;
            }
            while (after is not null);

            var expected = scanForwards ? stable : Enumerable.Reverse(stable).ToList();
            Assert.Equal(expected, seen.Where(stable.Contains).ToList());
        }

        await stop.CancelAsync();
        await churn;
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteConcurrencyTests(SqliteClusterFixture fixture) : ConcurrencyTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresConcurrencyTests(PostgresClusterFixture fixture) : ConcurrencyTests(fixture);
