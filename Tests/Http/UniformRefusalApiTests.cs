using System.Net;
using System.Text.Json.Nodes;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// A refusal tells a caller nothing about objects they may not read: not which partition holds one, nor its current
/// version. A version of someone else's object is answered as a version of an object that does not exist.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class UniformRefusalApiTests(HttpSiloFixture fixture) : RefusalTestBase(fixture)
{
    [Fact]
    public async Task A_version_of_an_object_in_a_partition_the_caller_cannot_read_is_404_as_if_it_did_not_exist()
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        var own = await NewStrangersPartitionAsync();
        using var stranger = Silo.As(Stranger);
        var intoOwn = NextVersion(scene.Existing, "taken over");
        intoOwn["partitionHash"] = own;
        intoOwn["owner"] = Stranger;
        var ofNothing = intoOwn.DeepClone().AsObject();
        var unknown = UnknownHash().Value;
        ofNothing["baseHash"] = unknown;
        ofNothing["prevHash"] = unknown;

        using var someoneElses = await PutAsync(stranger, intoOwn);
        using var missing = await PutAsync(stranger, ofNothing);

        var detail = await DetailAsync(someoneElses, HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain(scene.Partition, detail, StringComparison.Ordinal);
        Assert.Equal(
            (await DetailAsync(missing, HttpStatusCode.NotFound, "not-found")).Replace(unknown, "", StringComparison.Ordinal),
            detail.Replace(scene.ExistingHash, "", StringComparison.Ordinal));
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Fact]
    public async Task A_version_conflict_answered_to_a_user_who_may_write_but_not_read_names_no_current_version()
    {
        var scene = await NewSceneAsync();
        using var owner = Silo.As(Owner);
        var second = await StoreAsync(owner, NextVersion(scene.Existing, "second"));
        var before = await StateOfAsync(scene);
        using var writer = Silo.As(Writer);
        var stale = NextVersion(scene.Existing, "a rival second");
        stale["owner"] = Writer;

        using var response = await PutAsync(writer, stale);

        Assert.DoesNotContain(HashOf(second).Value, await DetailAsync(response, HttpStatusCode.Conflict, "version-conflict"), StringComparison.Ordinal);
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Theory]
    [InlineData("/object/v1/objects/{Eu}")]
    [InlineData("/object/v1/objects/{Eu}?currentVersion=true")]
    [InlineData("/object/v1/objects/{Eu}/versions")]
    public async Task A_read_by_hash_of_an_object_the_caller_cannot_read_does_not_name_its_partition(string template)
    {
        var scene = await NewSceneAsync();
        using var stranger = Silo.As(Stranger);

        using var response = await stranger.GetAsync(scene.Fill(template));

        Assert.DoesNotContain(scene.Partition, await DetailAsync(response, HttpStatusCode.Forbidden, "forbidden"), StringComparison.Ordinal);
    }

    private async Task<string> DetailAsync(HttpResponseMessage response, HttpStatusCode status, string code) =>
        (await ReadProblemAsync(response, status, code))["detail"]!.GetValue<string>();

    /// <summary>A partition of <see cref="HttpApiTestBase.Stranger"/>'s own, where the scene's owner has no permission.</summary>
    private async Task<string> NewStrangersPartitionAsync()
    {
        using var stranger = Silo.As(Stranger);
        using var response = await stranger.PostAsync("/object/v1/partitions/upsert", Json(UpsertPartitionBody($"partition-{Guid.NewGuid():N}", Stranger)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return HashOf(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.ToJsonString()).Value;
    }
}
