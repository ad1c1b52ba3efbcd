using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>Invariant 6: the owner may do everything, READ reads, WRITE stores, and nobody else gets anything.</summary>
public abstract class PermissionTests(ClusterFixture fixture) : StoreTestBase(fixture)
{
    private delegate Task Operation(PermissionTests test, long user, Partition partition, StoredObject existing);

    private static readonly Dictionary<string, (Permission Needs, Operation Run)> Operations = new()
    {
        ["get partition"] = (Permission.Read, (t, user, p, _) => t.Client.GetPartitionAsync(user, p.PartitionHash)),
        ["list users"] = (Permission.Read, (t, user, p, _) => t.Client.ListPartitionUsersAsync(user, p.PartitionHash)),
        ["page partition"] = (Permission.Read, (t, user, p, _) => t.Client.PageAsync(user, p.PartitionHash)),
        ["get by sort key"] = (Permission.Read, (t, user, p, o) => t.Client.GetBySortKeyAsync(user, p.PartitionHash, o.SortKey)),
        ["page log"] = (Permission.Read, (t, user, p, _) => t.Client.PageLogAsync(user, p.PartitionHash)),
        ["get by absolute hash"] = (Permission.Read, (t, user, _, o) => t.Client.GetObjectAsync(user, o.AbsoluteHash)),
        ["get current"] = (Permission.Read, (t, user, _, o) => t.Client.GetCurrentAsync(user, o.BaseHash)),
        ["page versions"] = (Permission.Read, (t, user, _, o) => t.Client.PageVersionsAsync(user, o.BaseHash)),
        ["create"] = (Permission.Write, (t, user, p, _) => t.Client.CreateAsync(user, Draft(p, $"new-{user}") with { Owner = user })),
        ["update"] = (Permission.Write, (t, user, p, o) => t.Client.UpdateAsync(user, o, Draft(p, o.SortKey, $"by {user}"))),
        ["logical delete"] = (Permission.Write, (t, user, _, o) => t.Client.DeleteAsync(user, o)),
        ["physical delete"] = (Permission.Write, (t, user, _, o) => t.Client.DeleteAsync(user, o, ObjectStore.Client.DeletionType.Physical)),
        ["transaction"] = (Permission.Write, (t, user, p, _) => t.Client.StoreTransactionAsync(user, [(Draft(p, $"tx-{user}") with { Owner = user }).ToJson()])),
    };

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var operation in Operations.Keys)
        {
            foreach (var user in new[] { "owner", "reader", "writer", "stranger" })
            {
                data.Add(operation, user);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_operation_is_allowed_exactly_to_the_users_with_its_permission(string operation, string user)
    {
        var (userId, granted) = user switch
        {
            "owner" => (Owner, Permission.Read | Permission.Write),
            "reader" => (Reader, Permission.Read),
            "writer" => (Writer, Permission.Write),
            _ => (Stranger, Permission.None),
        };
        var partition = await NewPartitionAsync();
        var existing = await CreateAsync(partition, "existing");
        var (needs, run) = Operations[operation];

        if (granted.HasFlag(needs))
        {
            await run(this, userId, partition, existing);
        }
        else
        {
            var logBefore = await ReadLogAsync(partition);
            await Assert.ThrowsAsync<ForbiddenException>(() => run(this, userId, partition, existing));
            Assert.Equal(logBefore.Count, (await ReadLogAsync(partition)).Count);
        }
    }

    [Fact]
    public async Task A_transaction_across_partitions_needs_write_on_every_one()
    {
        var mine = await NewPartitionAsync();
        var notMine = await Client.UpsertPartitionAsync(Stranger, $"p-{Guid.NewGuid():N}");

        await Assert.ThrowsAsync<ForbiddenException>(() => Client.StoreTransactionAsync(Writer,
            [(Draft(mine, "a") with { Owner = Writer }).ToJson(), (Draft(notMine, "b") with { Owner = Writer }).ToJson()]));

        Assert.Empty(await ReadLogAsync(mine));
    }

    [Fact]
    public async Task A_write_revoked_before_a_cross_partition_transaction_is_refused_by_it()
    {
        var first = await NewPartitionAsync();
        var second = await NewPartitionAsync();
        await Client.UpsertPartitionAsync(Owner, second.Id.Name, new UserPermissions(Writer, Permission.None));

        await Assert.ThrowsAsync<ForbiddenException>(() => Client.StoreTransactionAsync(Writer,
            [(Draft(first, "a") with { Owner = Writer }).ToJson(), (Draft(second, "b") with { Owner = Writer }).ToJson()]));

        Assert.Empty(await ReadLogAsync(first));
    }

    [Fact]
    public async Task Grains_under_another_spelling_of_a_hash_find_nothing()
    {
        var partition = await NewPartitionAsync();
        var stored = await CreateAsync(partition, "k");
        var grains = Store.Cluster.GrainFactory;

        await Assert.ThrowsAsync<NotFoundException>(() =>
            grains.GetGrain<IPartitionGrain>(partition.PartitionHash.ToUrlSafe().TrimEnd('=')).PageAsync(Owner, new PartitionPageQuery()));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            grains.GetGrain<IObjectVersionGrain>(stored.BaseHash.Value.TrimEnd('=')).GetCurrentAsync(Owner));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            grains.GetGrain<IPartitionGrain>(partition.PartitionHash.Value.TrimEnd('=')).GetAsync(Owner));
    }

    [Fact]
    public async Task A_version_of_an_object_in_a_partition_the_caller_cannot_read_is_not_found_and_names_no_partition()
    {
        var partition = await NewPartitionAsync();
        var existing = await CreateAsync(partition, "k");
        var own = await Client.UpsertPartitionAsync(Stranger, $"p-{Guid.NewGuid():N}");
        var logBefore = await ReadLogAsync(partition);

        var refusal = await Assert.ThrowsAsync<NotFoundException>(() => Client.UpdateAsync(Stranger, existing, Draft(own, "k", "taken over")));

        Assert.DoesNotContain(partition.PartitionHash.Value, refusal.Message, StringComparison.Ordinal);
        Assert.Equal($"There is no object with baseHash {existing.BaseHash} in partition {own.PartitionHash}.", refusal.Message);
        Assert.Equal(logBefore.Count, (await ReadLogAsync(partition)).Count);
    }

    [Fact]
    public async Task A_version_conflict_refused_to_a_writer_names_no_current_version()
    {
        var partition = await NewPartitionAsync();
        var first = await CreateAsync(partition, "k");
        var second = await Client.UpdateAsync(Owner, first, Draft(partition, "k", "second"));

        var refusal = await Assert.ThrowsAsync<VersionConflictException>(() => Client.UpdateAsync(Writer, first, Draft(partition, "k", "rival")));

        Assert.DoesNotContain(second.AbsoluteHash.Value, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_by_hash_refused_names_no_partition()
    {
        var partition = await NewPartitionAsync();
        var existing = await CreateAsync(partition, "k");

        var refusals = new[]
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => Client.GetObjectAsync(Stranger, existing.AbsoluteHash)),
            await Assert.ThrowsAsync<ForbiddenException>(() => Client.GetCurrentAsync(Writer, existing.BaseHash)),
            await Assert.ThrowsAsync<ForbiddenException>(() => Client.PageVersionsAsync(Stranger, existing.BaseHash)),
        };

        Assert.All(refusals, refusal => Assert.DoesNotContain(partition.PartitionHash.Value, refusal.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revoking_a_permission_takes_effect_at_once()
    {
        var partition = await NewPartitionAsync();
        var existing = await CreateAsync(partition, "k");
        await Client.GetCurrentAsync(Reader, existing.BaseHash);

        await Client.UpsertPartitionAsync(Owner, partition.Id.Name, new UserPermissions(Reader, Permission.None));

        await Assert.ThrowsAsync<ForbiddenException>(() => Client.GetCurrentAsync(Reader, existing.BaseHash));
        await Assert.ThrowsAsync<ForbiddenException>(() => Client.PageAsync(Reader, partition.PartitionHash));
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqlitePermissionTests(SqliteClusterFixture fixture) : PermissionTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresPermissionTests(PostgresClusterFixture fixture) : PermissionTests(fixture);
