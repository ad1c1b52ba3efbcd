using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// Every error status of the API over HTTP, each with its problem type, and the promise behind every refused write:
/// nothing changed.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class ErrorApiTests(HttpSiloFixture fixture) : RefusalTestBase(fixture)
{
    // The limits HttpSiloFixture sets: Http:MaxRequestBytes and ObjectStore:MaxObjectBytes.
    private const int MaxRequestBytes = 131072;
    private const int MaxObjectBytes = 65536;

    [Fact]
    public async Task An_object_sent_at_another_hash_is_400_invalid_and_the_detail_names_both_hashes()
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        using var owner = Silo.As(Owner);
        var body = NewObject(scene.Partition, "new").ToJsonString();

        using var response = await owner.PutAsync($"/object/v1/objects/{Escape(scene.ExistingHash)}", Json(body));

        var detail = (await ReadProblemAsync(response, HttpStatusCode.BadRequest, "invalid"))["detail"]!.GetValue<string>();
        Assert.Contains(HashOf(body).Value, detail);
        Assert.Contains(scene.ExistingHash, detail);
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Fact]
    public async Task A_new_object_that_names_another_user_as_its_owner_is_400_invalid_and_the_detail_says_so()
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        using var writer = Silo.As(Writer);

        using var response = await PutAsync(writer, NewObject(scene.Partition, "new"));

        var detail = (await ReadProblemAsync(response, HttpStatusCode.BadRequest, "invalid"))["detail"]!.GetValue<string>();
        Assert.Contains("'owner'", detail);
        Assert.Contains(Writer.ToString(CultureInfo.InvariantCulture), detail);
        Assert.Equal(before, await StateOfAsync(scene));
    }

    public static TheoryData<string> PartitionReads => new()
    {
        "/object/v1/partitions/{Pu}",
        "/object/v1/partitions/{Pu}/page",
        "/object/v1/partitions/{Pu}/users",
        "/object/v1/partitions/{Pu}/existing",
        "/object/v1/objects/{Eu}",
        "/object/v1/objects/{Eu}?currentVersion=true",
        "/object/v1/objects/{Eu}/versions",
    };

    [Theory]
    [MemberData(nameof(PartitionReads))]
    public async Task A_user_without_READ_is_403_forbidden_where_a_reader_is_answered(string template)
    {
        var scene = await NewSceneAsync();
        var path = scene.Fill(template);
        using var stranger = Silo.As(Stranger);
        using var reader = Silo.As(Reader);

        using var refused = await stranger.GetAsync(path);
        using var answered = await reader.GetAsync(path);

        await ReadProblemAsync(refused, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Theory]
    [InlineData(Stranger)]
    [InlineData(Reader)]
    public async Task A_user_without_WRITE_cannot_create_update_or_delete_an_object_and_nothing_changes(long user)
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        using var client = Silo.As(user);
        var created = NewObject(scene.Partition, "new");
        created["owner"] = user;

        using var create = await PutAsync(client, created);
        using var update = await PutAsync(client, NextVersion(scene.Existing, "second"));
        using var delete = await PutAsync(client, Deletion(scene.Existing));
        using var transaction = await client.PostAsync("/object/v1/objects/transaction", Json(new JsonArray(created.DeepClone()).ToJsonString()));

        await ReadProblemAsync(create, HttpStatusCode.Forbidden, "forbidden");
        await ReadProblemAsync(update, HttpStatusCode.Forbidden, "forbidden");
        await ReadProblemAsync(delete, HttpStatusCode.Forbidden, "forbidden");
        await ReadProblemAsync(transaction, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Fact]
    public async Task A_writer_cannot_change_the_permissions_of_a_partition_it_does_not_own()
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        using var writer = Silo.As(Writer);

        using var response = await writer.PostAsync("/object/v1/partitions/upsert",
            Json(UpsertPartitionBody(scene.Name, Owner, (Writer, ["READ", "WRITE"]), (Stranger, ["READ"]))));

        await ReadProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Fact]
    public async Task A_user_cannot_create_a_partition_whose_id_names_another_user()
    {
        var name = $"partition-{Guid.NewGuid():N}";
        var partition = HashOf(new JsonObject { ["_type"] = PartitionIdType, ["_version"] = "1.0", ["hashType"] = 1, ["name"] = name, ["userId"] = Owner }.ToJsonString());
        using var stranger = Silo.As(Stranger);
        using var owner = Silo.As(Owner);

        using var response = await stranger.PostAsync("/object/v1/partitions/upsert", Json(UpsertPartitionBody(name, Owner, (Stranger, ["READ", "WRITE"]))));

        await ReadProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        using var afterwards = await owner.GetAsync($"/object/v1/partitions/{Escape(partition.Value)}");
        await ReadProblemAsync(afterwards, HttpStatusCode.NotFound, "not-found");
    }

    public static TheoryData<string> ReadsOfNothing => new()
    {
        "/object/v1/partitions/{H}",
        "/object/v1/partitions/{H}/page",
        "/object/v1/partitions/{H}/users",
        "/object/v1/partitions/{H}/some-key",
        "/object/v1/objects/{H}",
        "/object/v1/objects/{H}?currentVersion=true",
        "/object/v1/objects/{H}/versions",
        "/object/v1/partitions/{Pu}/no-such-key",
    };

    [Theory]
    [MemberData(nameof(ReadsOfNothing))]
    public async Task Reading_what_does_not_exist_is_404_not_found(string template)
    {
        var scene = await NewSceneAsync();
        using var owner = Silo.As(Owner);

        using var response = await owner.GetAsync(scene.Fill(template));

        await ReadProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task The_current_version_of_an_absolute_hash_that_is_not_a_base_hash_is_404()
    {
        var scene = await NewSceneAsync();
        using var owner = Silo.As(Owner);
        var second = await StoreAsync(owner, NextVersion(scene.Existing, "second"));

        using var response = await owner.GetAsync($"/object/v1/objects/{Escape(HashOf(second).Value)}?currentVersion=true");

        await ReadProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Storing_into_an_unknown_partition_is_404_and_does_not_create_it()
    {
        var partition = UnknownHash().Value;
        using var owner = Silo.As(Owner);

        using var response = await PutAsync(owner, NewObject(partition, "new"));

        await ReadProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        using var afterwards = await owner.GetAsync($"/object/v1/partitions/{Escape(partition)}/page");
        await ReadProblemAsync(afterwards, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Updating_an_unknown_object_is_404_and_changes_nothing()
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        using var owner = Silo.As(Owner);
        var update = NewObject(scene.Partition, "new");
        var unknown = UnknownHash().Value;
        update["baseHash"] = unknown;
        update["prevHash"] = unknown;

        using var response = await PutAsync(owner, update);

        await ReadProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Fact]
    public async Task An_update_from_a_stale_prevHash_is_409_version_conflict_and_changes_nothing()
    {
        var scene = await NewSceneAsync();
        using var owner = Silo.As(Owner);
        await StoreAsync(owner, NextVersion(scene.Existing, "second"));
        var before = await StateOfAsync(scene);

        using var response = await PutAsync(owner, NextVersion(scene.Existing, "a rival second"));

        await ReadProblemAsync(response, HttpStatusCode.Conflict, "version-conflict");
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Fact]
    public async Task A_new_object_on_a_taken_sort_key_is_409_duplicate_sort_key_and_changes_nothing()
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        using var owner = Silo.As(Owner);

        using var response = await PutAsync(owner, NewObject(scene.Partition, "existing", "another payload"));

        await ReadProblemAsync(response, HttpStatusCode.Conflict, "duplicate-sort-key");
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Fact]
    public async Task Moving_an_object_onto_a_taken_sort_key_is_409_duplicate_sort_key_and_changes_nothing()
    {
        var scene = await NewSceneAsync();
        using var owner = Silo.As(Owner);
        var other = await StoreAsync(owner, NewObject(scene.Partition, "other"));
        var before = await StateOfAsync(scene);
        var versionsBefore = await owner.GetStringAsync($"/object/v1/objects/{Escape(HashOf(other).Value)}/versions");

        using var response = await PutAsync(owner, NextVersion(other, "moved", sortKey: "existing"));

        await ReadProblemAsync(response, HttpStatusCode.Conflict, "duplicate-sort-key");
        Assert.Equal(before, await StateOfAsync(scene));
        Assert.Equal(versionsBefore, await owner.GetStringAsync($"/object/v1/objects/{Escape(HashOf(other).Value)}/versions"));
    }

    [Fact]
    public async Task The_current_version_of_a_logically_deleted_object_is_410_gone_while_its_versions_remain()
    {
        var scene = await NewSceneAsync();
        using var owner = Silo.As(Owner);
        await StoreAsync(owner, Deletion(scene.Existing));

        using var response = await owner.GetAsync($"/object/v1/objects/{Escape(scene.ExistingHash)}?currentVersion=true");

        await ReadProblemAsync(response, HttpStatusCode.Gone, "deleted");
        var (versions, _, _) = await GetPageAsync(owner, $"/object/v1/objects/{Escape(scene.ExistingHash)}/versions");
        Assert.Equal(["com.symphony.s2.model.object.StoredApplicationObject", "com.symphony.s2.model.object.DeletedApplicationObject"],
            versions.Select(version => version["_type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_deletion_without_the_threadId_of_its_object_is_taken_as_the_reference_client_sends_it()
    {
        var scene = await NewSceneAsync();
        using var owner = Silo.As(Owner);

        // SymphonyOSF/oss-allegro's ApplicationObjectDeleter copies partitionHash, sortKey, purgeDate and the hashes, never threadId.
        using var response = await PutAsync(owner, Deletion(scene.Existing));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var current = await owner.GetAsync($"/object/v1/objects/{Escape(scene.ExistingHash)}?currentVersion=true");
        await ReadProblemAsync(current, HttpStatusCode.Gone, "deleted");
    }

    [Fact]
    public async Task A_user_with_write_deletes_another_users_object_naming_itself_as_owner_but_cannot_name_another()
    {
        var scene = await NewSceneAsync();
        using var writer = Silo.As(Writer);

        using var forged = await PutAsync(writer, Deletion(scene.Existing, deletingUser: Owner));
        await ReadProblemAsync(forged, HttpStatusCode.BadRequest, "invalid");
        using var deleted = await PutAsync(writer, Deletion(scene.Existing, deletingUser: Writer));

        Assert.True(deleted.StatusCode == HttpStatusCode.OK, $"PUT answered {(int)deleted.StatusCode}: {await deleted.Content.ReadAsStringAsync()}");
        using var owner = Silo.As(Owner);
        using var current = await owner.GetAsync($"/object/v1/objects/{Escape(scene.ExistingHash)}?currentVersion=true");
        await ReadProblemAsync(current, HttpStatusCode.Gone, "deleted");
    }

    [Fact]
    public async Task A_body_over_the_request_limit_with_a_content_length_is_413_before_it_is_read()
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        using var owner = Silo.As(Owner);
        var body = Padded(NewObject(scene.Partition, "new"), MaxRequestBytes + 1).ToJsonString();
        var content = Json(body);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), content.Headers.ContentLength);

        using var response = await owner.PutAsync($"/object/v1/objects/{HashOf(body).ToUrlSafe()}", content);

        var detail = (await ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too-large"))["detail"]!.GetValue<string>();
        Assert.Contains(MaxRequestBytes.ToString(CultureInfo.InvariantCulture), detail);
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Fact]
    public async Task A_chunked_body_over_the_request_limit_is_413_too()
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        using var owner = Silo.As(Owner);
        var body = Padded(NewObject(scene.Partition, "new"), MaxRequestBytes + 1).ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/object/v1/objects/{HashOf(body).ToUrlSafe()}") { Content = new ChunkedContent(body) };
        Assert.Null(request.Content.Headers.ContentLength);

        using var response = await owner.SendAsync(request);

        var detail = (await ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too-large"))["detail"]!.GetValue<string>();
        Assert.Contains(MaxRequestBytes.ToString(CultureInfo.InvariantCulture), detail);
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Fact]
    public async Task A_chunked_body_under_the_request_limit_is_stored()
    {
        var scene = await NewSceneAsync();
        using var owner = Silo.As(Owner);
        var body = NewObject(scene.Partition, "new").ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/object/v1/objects/{HashOf(body).ToUrlSafe()}") { Content = new ChunkedContent(body) };

        using var response = await owner.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stored = await owner.GetAsync($"/object/v1/partitions/{Escape(scene.Partition)}/new");
        Assert.Equal(HashOf(body), HashOf(await stored.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task An_object_over_the_object_limit_in_a_body_under_the_request_limit_is_413()
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        using var owner = Silo.As(Owner);
        var body = Padded(NewObject(scene.Partition, "new"), MaxObjectBytes + 1).ToJsonString();
        Assert.True(Encoding.UTF8.GetByteCount(body) < MaxRequestBytes);

        using var response = await PutAsync(owner, body);

        var detail = (await ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too-large"))["detail"]!.GetValue<string>();
        Assert.Contains(MaxObjectBytes.ToString(CultureInfo.InvariantCulture), detail);
        Assert.Equal(before, await StateOfAsync(scene));
    }

    /// <summary>The object with a header member that makes its compact JSON at least <paramref name="bytes"/> long.</summary>
    private static JsonObject Padded(JsonObject body, int bytes)
    {
        body["header"]!["padding"] = new string('x', bytes);
        return body;
    }

    /// <summary>A body that does not tell its length, so HttpClient sends it with chunked transfer encoding.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _body;

        public ChunkedContent(string body)
        {
            _body = Encoding.UTF8.GetBytes(body);
            Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
