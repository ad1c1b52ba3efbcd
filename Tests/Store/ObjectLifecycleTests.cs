using System.Text;
using ObjectStore.Client;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;
using Orleans.Core.Internal;

namespace ObjectStore.Tests.Store;

/// <summary>Partitions and objects: create, version, delete, fetch (invariants 1 and 3).</summary>
public abstract class ObjectLifecycleTests(ClusterFixture fixture) : StoreTestBase(fixture)
{
    [Fact]
    public async Task A_partition_is_created_by_the_user_its_id_names_and_read_back()
    {
        var partition = await Client.UpsertPartitionAsync(Owner, "MyCalendar");

        Assert.Equal("j/vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAQ==", partition.PartitionHash.Value);
        var read = await Client.GetPartitionAsync(Owner, partition.PartitionHash);
        Assert.Equal(new PartitionId("MyCalendar", Owner), read.Id);
        Assert.Equal(partition.CanonicalId, read.CanonicalId);
    }

    [Fact]
    public async Task Only_the_named_user_creates_a_partition_and_only_the_owner_changes_permissions()
    {
        var name = $"p-{Guid.NewGuid():N}";
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Client.UpsertPartitionAsync(Stranger, new UpsertPartitionRequest(new PartitionId(name, Owner), [])));
        var hash = PartitionIds.HashOf(new PartitionId(name, Owner));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetPartitionAsync(Owner, hash));

        await Client.UpsertPartitionAsync(Owner, name, new UserPermissions(Reader, Permission.Read));
        await Assert.ThrowsAsync<ForbiddenException>(() => Client.UpsertPartitionAsync(Reader,
            new UpsertPartitionRequest(new PartitionId(name, Owner), [new UserPermissions(Stranger, Permission.Read)])));

        var users = await Client.ListPartitionUsersAsync(Owner, hash);
        Assert.Equal([new UserPermissions(Reader, Permission.Read)], users.Items);
    }

    [Fact]
    public async Task Upserting_changes_the_listed_users_only_and_no_permissions_removes_a_user()
    {
        var partition = await NewPartitionAsync();

        await Client.UpsertPartitionAsync(Owner, partition.Id.Name,
            new UserPermissions(Writer, Permission.Read | Permission.Write), new UserPermissions(Reader, Permission.None));

        var users = await Client.ListPartitionUsersAsync(Owner, partition.PartitionHash);
        Assert.Equal([new UserPermissions(Writer, Permission.Read | Permission.Write)], users.Items);
    }

    [Fact]
    public async Task Partition_users_are_paged_by_user_id()
    {
        var partition = await Client.UpsertPartitionAsync(Owner, $"p-{Guid.NewGuid():N}",
            [.. Enumerable.Range(1, 5).Select(i => new UserPermissions(5000 + i, Permission.Read))]);

        var first = await Client.ListPartitionUsersAsync(Owner, partition.PartitionHash, new SequencePageQuery { Limit = 2 });
        var second = await Client.ListPartitionUsersAsync(Owner, partition.PartitionHash, new SequencePageQuery { Limit = 2, After = first.After });
        var last = await Client.ListPartitionUsersAsync(Owner, partition.PartitionHash, new SequencePageQuery { Limit = 2, After = second.After });

        Assert.Equal([5001L, 5002L], first.Items.Select(user => user.UserId));
        Assert.Equal([5003L, 5004L], second.Items.Select(user => user.UserId));
        Assert.Equal([5005L], last.Items.Select(user => user.UserId));
        Assert.Null(last.After);
    }

    [Fact]
    public async Task A_created_object_is_stored_exactly_as_hashed_and_fetched_by_either_hash()
    {
        var partition = await NewPartitionAsync();

        var created = await CreateAsync(partition, "2020-06-09T10:38:59.629Z");

        Assert.Equal(CanonicalJson.HashOf(created.Canonical), created.AbsoluteHash);
        Assert.Equal(created.AbsoluteHash, created.BaseHash);
        Assert.EndsWith("}\n", created.Json);
        var byAbsolute = await Client.GetObjectAsync(Reader, created.AbsoluteHash);
        var current = await Client.GetCurrentAsync(Reader, created.BaseHash);
        Assert.Equal(created.Canonical, byAbsolute.Canonical);
        Assert.Equal(created.Canonical, current.Canonical);
        Assert.Equal(created, await Client.GetBySortKeyAsync(Reader, partition.PartitionHash, "2020-06-09T10:38:59.629Z"), StoredObjectComparer.Instance);
    }

    [Fact]
    public async Task Storing_identical_bytes_again_is_a_no_op()
    {
        var partition = await NewPartitionAsync();
        var json = Draft(partition, "same").ToJson();
        var first = await Client.StoreJsonAsync(Owner, json);

        var again = await Client.StoreJsonAsync(Owner, json);

        Assert.False(first.AlreadyStored);
        Assert.True(again.AlreadyStored);
        Assert.Equal(first.Object.AbsoluteHash, again.Object.AbsoluteHash);
        Assert.Single(await ReadLogAsync(partition));
    }

    [Fact]
    public async Task The_server_keeps_unknown_fields_and_header_types_and_hashes_the_canonical_form()
    {
        var partition = await NewPartitionAsync();
        var body = $$$"""
            {"sortKey":"k1","partitionHash":"{{{partition.PartitionHash}}}","_version":"1.0","hashType":1,
             "_type":"com.symphony.s2.model.object.StoredApplicationObject",
             "header":{"_type":"com.acme.Unknown","_version":"7.1","nested":{"z":[1,2.5,"x"],"a":null}},
             "futureField":"kept"}
            """;

        var stored = (await Client.StoreJsonAsync(Owner, body)).Object;

        Assert.Contains("\"futureField\":\"kept\"", stored.Json);
        Assert.Contains("\"_type\":\"com.acme.Unknown\"", stored.Json);
        Assert.Contains("      \"z\":[\n        1,\n        2.5,\n        \"x\"\n      ]\n", stored.Json);
        Assert.Equal(CanonicalJson.HashOf(Encoding.UTF8.GetBytes(stored.Json)), stored.AbsoluteHash);
    }

    [Fact]
    public async Task A_new_version_becomes_current_while_every_version_stays_fetchable()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "item", "one");

        var v2 = await Client.UpdateAsync(Writer, v1, Draft(partition, "item", "two"));
        var v3 = await Client.UpdateAsync(Owner, v2, Draft(partition, "item", "three"));

        Assert.Equal(v1.AbsoluteHash, v3.BaseHash);
        Assert.Equal(v3.AbsoluteHash, (await Client.GetCurrentAsync(Reader, v1.AbsoluteHash)).AbsoluteHash);
        Assert.Equal(v1.Canonical, (await Client.GetObjectAsync(Reader, v1.AbsoluteHash)).Canonical);
        var versions = await Client.PageVersionsAsync(Reader, v1.AbsoluteHash);
        Assert.Equal([v1.AbsoluteHash, v2.AbsoluteHash, v3.AbsoluteHash], versions.Items.Select(version => version.AbsoluteHash));
        var backwards = await Client.PageVersionsAsync(Reader, v1.AbsoluteHash, new SequencePageQuery { ScanForwards = false, Limit = 2 });
        Assert.Equal([v3.AbsoluteHash, v2.AbsoluteHash], backwards.Items.Select(version => version.AbsoluteHash));
        var rest = await Client.PageVersionsAsync(Reader, v1.AbsoluteHash, new SequencePageQuery { ScanForwards = false, Limit = 2, After = backwards.After });
        Assert.Equal([v1.AbsoluteHash], rest.Items.Select(version => version.AbsoluteHash));
        Assert.Single(await ReadAllCurrentAsync(partition));
    }

    [Fact]
    public async Task Moving_the_sort_key_frees_the_old_key_and_takes_the_new_one()
    {
        var partition = await NewPartitionAsync();
        var moved = await CreateAsync(partition, "old");
        var other = await CreateAsync(partition, "taken");

        await Assert.ThrowsAsync<DuplicateSortKeyException>(() => Client.UpdateAsync(Owner, moved, Draft(partition, "taken")));
        var v2 = await Client.UpdateAsync(Owner, moved, Draft(partition, "new"));
        var reuse = await CreateAsync(partition, "old", "reuse");

        Assert.Equal(["new", "old", "taken"], (await ReadAllCurrentAsync(partition)).Select(stored => stored.SortKey));
        Assert.Equal(v2.AbsoluteHash, (await Client.GetBySortKeyAsync(Owner, partition.PartitionHash, "new")).AbsoluteHash);
        Assert.Equal(reuse.AbsoluteHash, (await Client.GetBySortKeyAsync(Owner, partition.PartitionHash, "old")).AbsoluteHash);
        Assert.Equal(other.AbsoluteHash, (await Client.GetBySortKeyAsync(Owner, partition.PartitionHash, "taken")).AbsoluteHash);
    }

    [Fact]
    public async Task A_stale_update_is_a_version_conflict_and_a_taken_sort_key_a_duplicate_and_neither_changes_anything()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "a");
        await CreateAsync(partition, "b");
        var v2 = await Client.UpdateAsync(Owner, v1, Draft(partition, "a", "newer"));
        var logBefore = await ReadLogAsync(partition);

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => Client.UpdateAsync(Owner, v1, Draft(partition, "a", "stale")));
        var duplicate = await Assert.ThrowsAsync<DuplicateSortKeyException>(() => CreateAsync(partition, "b", "another"));

        Assert.Equal("version-conflict", conflict.Code);
        Assert.Equal("duplicate-sort-key", duplicate.Code);
        Assert.Equal(logBefore.Count, (await ReadLogAsync(partition)).Count);
        Assert.Equal(v2.AbsoluteHash, (await Client.GetCurrentAsync(Owner, v1.BaseHash)).AbsoluteHash);
    }

    [Fact]
    public async Task A_logical_delete_is_a_tombstone_version_that_leaves_pages_and_frees_the_sort_key()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "doomed");

        var tombstone = await Client.DeleteAsync(Writer, v1);

        Assert.Equal(ObjectKind.LogicalDelete, tombstone.Kind);
        Assert.Contains("\"deletionType\":\"LOGICAL\"", tombstone.Json);
        await Assert.ThrowsAsync<ObjectDeletedException>(() => Client.GetCurrentAsync(Owner, v1.BaseHash));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetBySortKeyAsync(Owner, partition.PartitionHash, "doomed"));
        Assert.Empty(await ReadAllCurrentAsync(partition));
        var versions = await Client.PageVersionsAsync(Owner, v1.BaseHash);
        Assert.Equal([ObjectKind.Stored, ObjectKind.LogicalDelete], versions.Items.Select(version => version.Kind));
        await CreateAsync(partition, "doomed", "reborn");
    }

    [Fact]
    public async Task Each_version_names_the_user_who_wrote_it_as_owner_and_no_one_else()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "shared");

        var v2 = await Client.UpdateAsync(Writer, v1, Draft(partition, "shared", "by the writer"));
        var forged = (Draft(partition, "shared", "forged") with { Owner = Owner }).ToJson(v2);

        Assert.Equal(Writer, ((StoredApplicationObject)v2).Owner);
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.StoreJsonAsync(Writer, forged));
        Assert.Equal(v2.AbsoluteHash, (await Client.GetCurrentAsync(Owner, v1.BaseHash)).AbsoluteHash);
        var tombstone = await Client.DeleteAsync(Writer, v2);
        Assert.Contains($"\"owner\":{Writer}", tombstone.Json);
    }

    [Fact]
    public async Task A_physical_delete_removes_every_version_and_is_logged()
    {
        var partition = await NewPartitionAsync();
        var v1 = await CreateAsync(partition, "gone");
        var v2 = await Client.UpdateAsync(Owner, v1, Draft(partition, "gone", "2"));

        var removal = await Client.DeleteAsync(Owner, v2, DeletionType.Physical);

        Assert.Equal(ObjectKind.PhysicalDelete, removal.Kind);
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetObjectAsync(Owner, v1.AbsoluteHash));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetObjectAsync(Owner, v2.AbsoluteHash));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetCurrentAsync(Owner, v1.BaseHash));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.PageVersionsAsync(Owner, v1.BaseHash));
        var log = await ReadLogAsync(partition);
        Assert.Equal([ObjectKind.Stored, ObjectKind.Stored, ObjectKind.PhysicalDelete], log.Select(entry => entry.Kind));
        Assert.All(log.Take(2), entry => Assert.Null(entry.Object));
        Assert.Equal(removal.Canonical, log[2].Object?.Canonical);
        await CreateAsync(partition, "gone", "reborn");
    }

    [Fact]
    public async Task The_log_lists_every_committed_write_in_commit_order_without_gaps()
    {
        var partition = await NewPartitionAsync();
        var a = await CreateAsync(partition, "a");
        var b = await CreateAsync(partition, "b");
        var a2 = await Client.UpdateAsync(Owner, a, Draft(partition, "a", "2"));
        var bDeleted = await Client.DeleteAsync(Owner, b);

        var log = await ReadLogAsync(partition);

        Assert.Equal([1L, 2L, 3L, 4L], log.Select(entry => entry.Sequence));
        Assert.Equal([a.AbsoluteHash, b.AbsoluteHash, a2.AbsoluteHash, bDeleted.AbsoluteHash], log.Select(entry => entry.AbsoluteHash));
        Assert.Equal(a2.Canonical, log[2].Object!.Canonical);
        var page = await Client.PageLogAsync(Owner, partition.PartitionHash, new SequenceQuery { Limit = 3 });
        Assert.Equal("3", page.After);
    }

    [Fact]
    public async Task Objects_past_their_purge_date_are_removed_in_the_background()
    {
        var partition = await NewPartitionAsync();
        var now = Store.Clock.GetUtcNow();
        var expiring = await Client.CreateAsync(Owner, Draft(partition, "expiring") with { PurgeDate = now.AddHours(1) });
        var kept = await Client.CreateAsync(Owner, Draft(partition, "kept") with { PurgeDate = now.AddDays(30) });
        var forever = await CreateAsync(partition, "forever");

        Store.Clock.Advance(TimeSpan.FromHours(2));
        var report = await Store.Cluster.GrainFactory.GetGrain<Expiry.IExpiryGrain>(0).RemoveExpiredAsync();

        Assert.Equal(Store.Clock.GetUtcNow(), report.RanAt);
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetCurrentAsync(Owner, expiring.BaseHash));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetObjectAsync(Owner, expiring.AbsoluteHash));
        Assert.Equal(kept.AbsoluteHash, (await Client.GetCurrentAsync(Owner, kept.BaseHash)).AbsoluteHash);
        Assert.Equal(["forever", "kept"], (await ReadAllCurrentAsync(partition)).Select(stored => stored.SortKey));
        Assert.Equal(ObjectKind.PhysicalDelete, (await ReadLogAsync(partition))[^1].Kind);
        Assert.Equal(report, await Store.Cluster.GrainFactory.GetGrain<Expiry.IExpiryGrain>(0).GetLastReportAsync());
        Assert.NotNull(forever);
    }

    [Fact]
    public async Task Starting_the_purge_removes_what_expired_while_no_silo_ran()
    {
        var partition = await NewPartitionAsync();
        var expiring = await Client.CreateAsync(Owner, Draft(partition, "expiring") with { PurgeDate = Store.Clock.GetUtcNow().AddHours(1) });
        Store.Clock.Advance(TimeSpan.FromHours(2));

        await Store.Cluster.GrainFactory.GetGrain<Expiry.IExpiryGrain>(0).StartAsync();

        await Eventually.UntilAsync(async () =>
        {
            try
            {
                await Client.GetCurrentAsync(Owner, expiring.BaseHash);
                return false;
            }
            catch (NotFoundException)
            {
                return true;
            }
        }, "the object that expired before the purge started is removed");
    }

    [Fact]
    public async Task A_purge_that_removes_nothing_is_reported_and_the_last_that_removed_something_stays_stored()
    {
        var purge = Store.Cluster.GrainFactory.GetGrain<Expiry.IExpiryGrain>(0);
        var partition = await NewPartitionAsync();
        await Client.CreateAsync(Owner, Draft(partition, "expiring") with { PurgeDate = Store.Clock.GetUtcNow().AddHours(1) });
        Store.Clock.Advance(TimeSpan.FromHours(2));

        var removing = await purge.RemoveExpiredAsync();
        var idle = await purge.RemoveExpiredAsync();

        Assert.InRange(removing.Removed, 1, int.MaxValue);
        Assert.Equal(new Expiry.ExpiryReport(removing.RanAt, 0, 0), idle);
        Assert.Equal(idle, await purge.GetLastReportAsync());
        await purge.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(removing, await purge.GetLastReportAsync());
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteObjectLifecycleTests(SqliteClusterFixture fixture) : ObjectLifecycleTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresObjectLifecycleTests(PostgresClusterFixture fixture) : ObjectLifecycleTests(fixture);
