using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>Invariant 7: bad input gets a clear typed error and changes nothing.</summary>
public abstract class BadInputTests(ClusterFixture fixture) : StoreTestBase(fixture)
{
    private const string Stored = "com.symphony.s2.model.object.StoredApplicationObject";
    private const string Deleted = "com.symphony.s2.model.object.DeletedApplicationObject";
    private const string UnknownHash = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAQ==";

    /// <summary>Bodies with {P} for the partition hash, {B} for an existing object's hash; the expected error; a word of its message.</summary>
    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "not json", nameof(InvalidInputException), "JSON" },
        { "[1,2]", nameof(InvalidInputException), "JSON object" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k",}""", nameof(InvalidInputException), "JSON" },
        { """{"partitionHash":"{P}","sortKey":"k"}""", nameof(InvalidInputException), "_type" },
        { """{"_type":"com.example.Other","partitionHash":"{P}","sortKey":"k"}""", nameof(InvalidInputException), "_type" },
        { $$"""{"_type":"{{Stored}}","sortKey":"k"}""", nameof(InvalidInputException), "partitionHash" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"not-a-hash","sortKey":"k"}""", nameof(InvalidInputException), "partitionHash" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}"}""", nameof(InvalidInputException), "sortKey" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":""}""", nameof(InvalidInputException), "sortKey" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"a/b"}""", nameof(InvalidInputException), "/" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"a#b"}""", nameof(InvalidInputException), "#" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"a=b"}""", nameof(InvalidInputException), "=" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":5}""", nameof(InvalidInputException), "sortKey" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","hashType":2}""", nameof(InvalidInputException), "hashType" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","encryptedPayload":"***"}""", nameof(InvalidInputException), "encryptedPayload" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","owner":"me"}""", nameof(InvalidInputException), "owner" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","owner":1003}""", nameof(InvalidInputException), "owner" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","purgeDate":"tomorrow"}""", nameof(InvalidInputException), "purgeDate" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","header":"text"}""", nameof(InvalidInputException), "header" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","baseHash":"{B}"}""", nameof(InvalidInputException), "prevHash" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","baseHash":"{{UnknownHash}}","prevHash":"{{UnknownHash}}"}""", nameof(NotFoundException), "baseHash" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","baseHash":"{B}","prevHash":"{B}","threadId":"AAAA"}""", nameof(InvalidInputException), "threadId" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","baseHash":"{B}","prevHash":"{B}","threadId":"+ZNefHakKm9vK7WREHHLEn///pEOR60jdA==","prevSortKey":"wrong"}""", nameof(InvalidInputException), "prevSortKey" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{{UnknownHash}}","sortKey":"k"}""", nameof(NotFoundException), "partition" },
        { $$"""{"_type":"{{Deleted}}","partitionHash":"{P}","sortKey":"k","deletionType":"LOGICAL"}""", nameof(InvalidInputException), "baseHash" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","owner":1003,"owner":null}""", nameof(InvalidInputException), "JSON" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","baseHash":"{B}","prevHash":"{B}","baseHash":null,"prevHash":null}""", nameof(InvalidInputException), "JSON" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"\ud800"}""", nameof(InvalidInputException), "Unicode" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","header":{"_type":"x","note":"\udc00 alone"} }""", nameof(InvalidInputException), "Unicode" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"a\u0000b"}""", nameof(InvalidInputException), "control" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"tab\there"}""", nameof(InvalidInputException), "control" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","header":{"_type":"x","n":""" + new string('9', 5000) + "}}", nameof(InvalidInputException), "out of range" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","header":{"_type":"x","n":1""" + new string('0', 30) + "}}", nameof(InvalidInputException), "64 bits" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{U}","sortKey":"k"}""", nameof(InvalidInputException), "standard Base64" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","createdDate":"2020-06-09 Z"}""", nameof(InvalidInputException), "createdDate" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","purgeDate":"6/9/2020 10:38:59 AM Z"}""", nameof(InvalidInputException), "purgeDate" },
        { $$"""{"_type":"{{Stored}}","partitionHash":"{P}","sortKey":"k","purgeDate":"2020-02-30T00:00:00Z"}""", nameof(InvalidInputException), "purgeDate" },
        { $$"""{"_type":"{{Deleted}}","partitionHash":"{P}","sortKey":"k","baseHash":"{B}","prevHash":"{B}"}""", nameof(InvalidInputException), "deletionType" },
        { $$"""{"_type":"{{Deleted}}","partitionHash":"{P}","sortKey":"k","baseHash":"{B}","prevHash":"{B}","deletionType":"SOFT"}""", nameof(InvalidInputException), "deletionType" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_object_is_refused_with_a_clear_error_and_changes_nothing(string template, string error, string mentions)
    {
        var partition = await NewPartitionAsync();
        var existing = await CreateAsync(partition, "existing");
        var body = template.Replace("{P}", partition.PartitionHash.Value).Replace("{B}", existing.AbsoluteHash.Value)
            .Replace("{U}", partition.PartitionHash.ToUrlSafe().TrimEnd('='));

        var thrown = await Assert.ThrowsAnyAsync<ObjectStoreException>(() => Client.StoreJsonAsync(Owner, body));

        Assert.Equal(error, thrown.GetType().Name);
        Assert.Contains(mentions, thrown.Message);
        Assert.Single(await ReadLogAsync(partition));
        Assert.Equal(existing.AbsoluteHash, (await Client.GetCurrentAsync(Owner, existing.BaseHash)).AbsoluteHash);
    }

    [Fact]
    public async Task An_object_larger_than_the_maximum_is_too_large()
    {
        var partition = await NewPartitionAsync();

        var error = await Assert.ThrowsAsync<TooLargeException>(() => CreateAsync(partition, "big", new string('x', 1024 * 1024)));

        Assert.Equal("too-large", error.Code);
        Assert.Empty(await ReadLogAsync(partition));
    }

    [Fact]
    public async Task A_sort_key_with_a_forbidden_character_cannot_be_looked_up_either()
    {
        var partition = await NewPartitionAsync();

        await Assert.ThrowsAsync<InvalidInputException>(() => Client.GetBySortKeyAsync(Owner, partition.PartitionHash, "a;b"));
    }

    [Fact]
    public async Task Page_cursors_and_bounds_with_control_characters_are_invalid()
    {
        var partition = await NewPartitionAsync();

        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageAsync(Owner, partition.PartitionHash, new PartitionPageQuery { After = "a\0" }));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageAsync(Owner, partition.PartitionHash, new PartitionPageQuery { SortKeyPrefix = "\0" }));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.PageAsync(Owner, partition.PartitionHash, new PartitionPageQuery { SortKeyMin = "a\u0001" }));
    }

    [Theory]
    [InlineData("a\0b", Owner)]
    [InlineData("", Owner)]
    [InlineData("name", 0)]
    [InlineData("name", -4)]
    public async Task A_partition_id_without_a_name_or_a_valid_user_is_invalid(string name, long userId)
    {
        await Assert.ThrowsAsync<InvalidInputException>(() =>
            Client.UpsertPartitionAsync(Owner, new UpsertPartitionRequest(new PartitionId(name, userId), [])));
    }

    [Fact]
    public async Task Bad_permission_changes_are_invalid_and_change_nothing()
    {
        var partition = await NewPartitionAsync();
        var before = await Client.ListPartitionUsersAsync(Owner, partition.PartitionHash);

        await Assert.ThrowsAsync<InvalidInputException>(() => Client.UpsertPartitionAsync(Owner, partition.Id.Name, new UserPermissions(Owner, Permission.Read)));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.UpsertPartitionAsync(Owner, partition.Id.Name,
            new UserPermissions(7, Permission.Read), new UserPermissions(7, Permission.Write)));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.UpsertPartitionAsync(Owner, partition.Id.Name, new UserPermissions(0, Permission.Read)));
        await Assert.ThrowsAsync<InvalidInputException>(() => Client.UpsertPartitionAsync(Owner, partition.Id.Name, new UserPermissions(8, (Permission)16)));

        Assert.Equal(before.Items, (await Client.ListPartitionUsersAsync(Owner, partition.PartitionHash)).Items);
    }

    [Fact]
    public async Task Reads_of_unknown_partitions_and_objects_are_not_found()
    {
        var unknown = ObjectStore.Objects.Hash.Parse(UnknownHash, "hash");

        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetPartitionAsync(Owner, unknown));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.PageAsync(Owner, unknown));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetObjectAsync(Owner, unknown));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetCurrentAsync(Owner, unknown));
    }
}

[Collection(SharedFixtures.SqliteCluster), Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteBadInputTests(SqliteClusterFixture fixture) : BadInputTests(fixture);

[Collection(SharedFixtures.PostgresCluster), Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresBadInputTests(PostgresClusterFixture fixture) : BadInputTests(fixture);
