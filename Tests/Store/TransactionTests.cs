using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>Several objects in one transaction: all commit or none does, whichever partitions they are in.</summary>
public abstract class TransactionTests(ClusterFixture fixture) : StoreTestBase(fixture)
{
    [Fact]
    public async Task Objects_in_several_partitions_commit_together()
    {
        var first = await NewPartitionAsync();
        var second = await NewPartitionAsync();
        var existing = await CreateAsync(first, "existing");

        var results = await Client.StoreTransactionAsync(Owner,
        [
            Draft(first, "one").ToJson(),
            Draft(second, "two").ToJson(),
            Draft(first, "existing", "updated").ToJson(existing),
        ]);

        Assert.Equal(3, results.Count);
        Assert.Equal(["existing", "one"], (await ReadAllCurrentAsync(first)).Select(stored => stored.SortKey));
        Assert.Equal(["two"], (await ReadAllCurrentAsync(second)).Select(stored => stored.SortKey));
        Assert.Equal(results[2].Object.AbsoluteHash, (await Client.GetCurrentAsync(Owner, existing.BaseHash)).AbsoluteHash);
        Assert.Equal([1L, 2L, 3L], (await ReadLogAsync(first)).Select(entry => entry.Sequence));
    }

    public static TheoryData<string, Type> Spoilers() => new()
    {
        { "stale update", typeof(VersionConflictException) },
        { "duplicate sort key", typeof(DuplicateSortKeyException) },
        { "unknown partition", typeof(NotFoundException) },
        { "malformed", typeof(InvalidInputException) },
        { "duplicate within", typeof(DuplicateSortKeyException) },
    };

    [Theory]
    [MemberData(nameof(Spoilers))]
    public async Task One_bad_object_leaves_nothing_behind(string spoiler, Type error)
    {
        var first = await NewPartitionAsync();
        var second = await NewPartitionAsync();
        var v1 = await CreateAsync(first, "existing");
        var v2 = await Client.UpdateAsync(Owner, v1, Draft(first, "existing", "v2"));
        var bad = spoiler switch
        {
            "stale update" => Draft(first, "existing", "stale").ToJson(v1),
            "duplicate sort key" => Draft(second, "good-2").ToJson().Replace("good-2", "taken-later"),
            "unknown partition" => (Draft(first, "x") with { PartitionHash = Hash.Parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAQ==", "hash") }).ToJson(),
            "malformed" => "{\"_type\":",
            _ => Draft(second, "good-2", "twin").ToJson(),
        };

        var goodOnes = new[] { Draft(first, "good-1").ToJson(), Draft(second, "good-2").ToJson(), Draft(second, "taken-later", "first").ToJson() };
        var thrown = await Assert.ThrowsAnyAsync<ObjectStoreException>(() => Client.StoreTransactionAsync(Owner, [.. goodOnes, bad]));

        Assert.IsType(error, thrown);

        Assert.Equal(["existing"], (await ReadAllCurrentAsync(first)).Select(stored => stored.SortKey));
        Assert.Empty(await ReadAllCurrentAsync(second));
        Assert.Equal(2, (await ReadLogAsync(first)).Count);
        Assert.Empty(await ReadLogAsync(second));
        Assert.Equal(v2.AbsoluteHash, (await Client.GetCurrentAsync(Owner, v1.BaseHash)).AbsoluteHash);
    }

    [Fact]
    public async Task A_transaction_of_no_objects_or_too_many_is_invalid()
    {
        var partition = await NewPartitionAsync();

        await Assert.ThrowsAsync<InvalidInputException>(() => Client.StoreTransactionAsync(Owner, []));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.StoreTransactionAsync(Owner,
            [.. Enumerable.Range(0, 101).Select(i => Draft(partition, $"k{i}").ToJson())]));
        Assert.Empty(await ReadLogAsync(partition));
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteTransactionTests(SqliteClusterFixture fixture) : TransactionTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresTransactionTests(PostgresClusterFixture fixture) : TransactionTests(fixture);
