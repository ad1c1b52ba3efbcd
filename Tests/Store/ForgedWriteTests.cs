using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>
/// Nothing inside trusts what it was handed: a <see cref="PreparedWrite"/> sent straight to a partition's writer, as
/// any Orleans client could send it, is committed only if it is exactly what its canonical bytes say.
/// </summary>
public abstract class ForgedWriteTests(ClusterFixture fixture) : StoreTestBase(fixture)
{
    private readonly ObjectParser _parser = new(1024 * 1024);

    public static TheoryData<string> Forgeries() =>
    [
        "an absoluteHash of other bytes",
        "bytes that name another partition",
        "bytes not in canonical form",
        "a sort key the bytes do not name",
        "a baseHash and prevHash the bytes do not name",
        "a kind the bytes do not say",
        "an owner the bytes do not name",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_write_through_the_grain_interface_is_refused_and_nothing_is_stored(string forgery)
    {
        var partition = await NewPartitionAsync();
        var elsewhere = await NewPartitionAsync();
        var existing = await CreateAsync(partition, "existing");
        var honest = Prepare(partition, "forged");
        var forged = forgery switch
        {
            "an absoluteHash of other bytes" => honest with { AbsoluteHash = CanonicalJson.HashOf("other bytes"u8) },
            "bytes that name another partition" => Prepare(elsewhere, "forged") with { PartitionHash = partition.PartitionHash },
            "bytes not in canonical form" => NotCanonical(honest),
            "a sort key the bytes do not name" => honest with { SortKey = "other" },
            "a baseHash and prevHash the bytes do not name" => honest with { BaseHash = existing.BaseHash, PrevHash = existing.AbsoluteHash },
            "a kind the bytes do not say" => honest with { Kind = ObjectKind.LogicalDelete },
            "an owner the bytes do not name" => honest with { Owner = null },
            _ => throw new ArgumentOutOfRangeException(nameof(forgery), forgery, null),
        };

        await Assert.ThrowsAsync<InvalidInputException>(() => PartitionWriter(partition).CommitAsync(Owner, [forged]));

        Assert.Single(await ReadLogAsync(partition));
        Assert.Empty(await ReadLogAsync(elsewhere));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetObjectAsync(Owner, forged.AbsoluteHash));
        Assert.Equal(existing.AbsoluteHash, (await Client.GetCurrentAsync(Owner, existing.BaseHash)).AbsoluteHash);
    }

    [Fact]
    public async Task One_forged_write_among_honest_ones_refuses_the_whole_commit()
    {
        var partition = await NewPartitionAsync();
        var honest = Prepare(partition, "honest");
        var forged = Prepare(partition, "forged") with { SortKey = "other" };

        await Assert.ThrowsAsync<InvalidInputException>(() => PartitionWriter(partition).CommitAsync(Owner, [honest, forged]));

        Assert.Empty(await ReadLogAsync(partition));
    }

    [Fact]
    public async Task An_honest_write_through_the_grain_interface_is_committed()
    {
        var partition = await NewPartitionAsync();
        var honest = Prepare(partition, "honest");

        var results = await PartitionWriter(partition).CommitAsync(Owner, [honest]);

        Assert.Equal(honest.AbsoluteHash, Assert.Single(results).Object.AbsoluteHash);
        Assert.Equal(honest.Canonical, (await Client.GetObjectAsync(Owner, honest.AbsoluteHash)).Canonical);
    }

    private PreparedWrite Prepare(Partition partition, string sortKey) => _parser.Parse(Draft(partition, sortKey).ToUtf8Json());

    /// <summary>The same object with a space before its bytes, hashed as sent: a second absolute hash for one object.</summary>
    private static PreparedWrite NotCanonical(PreparedWrite honest)
    {
        byte[] spaced = [(byte)' ', .. honest.Canonical];
        return honest with { Canonical = spaced, AbsoluteHash = CanonicalJson.HashOf(spaced) };
    }

    private IPartitionWriter PartitionWriter(Partition partition) => Store.Cluster.Client.GetGrain<IPartitionWriter>(partition.PartitionHash.Value);
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteForgedWriteTests(SqliteClusterFixture fixture) : ForgedWriteTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresForgedWriteTests(PostgresClusterFixture fixture) : ForgedWriteTests(fixture);
