using System.Text;
using System.Text.Json.Nodes;
using ObjectStore.Client;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Silo.Canon;

namespace ObjectStore.Tests.Objects;

/// <summary>The store writes and reads the REST model's shapes exactly as Symphony prints them.</summary>
[Kind(TestKind.Unit)]
public sealed class ShapeTests
{
    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ToDoList", name)) + "\n";

    [Fact]
    public void A_partition_is_written_as_the_examples_print_it()
    {
        var id = new PartitionId("MyCalendar", 351775001412007);
        var canonicalId = PartitionIds.Canonicalize(id);

        var json = PartitionWriter.Write(new Partition(CanonicalJson.HashOf(canonicalId), id, canonicalId));

        Assert.Equal(Fixture("04-CreateAPartition-Partition.json"), Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void User_permissions_are_written_as_a_sorted_set()
    {
        var json = CanonWriter.Document(writer => PartitionWriter.Write(writer, new UserPermissions(1234, Permission.Write | Permission.Read)));

        Assert.Equal(Fixture("12-FetchPartitionUsers-UserPermissionsRequest.json"), Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void A_stored_object_of_the_examples_reads_back_through_the_typed_view()
    {
        var text = Fixture("10-DeleteFirstItem-StoredApplicationObject-withBaseHash.json");
        var bytes = Encoding.UTF8.GetBytes(text);
        var stored = new StoredObject(CanonicalJson.HashOf(bytes), Hash.Parse("FgteH9X26U6++Ke1xQ+SaD/+M6/na0HhZqo4Up2mkGYBAQ==", "baseHash"),
            Hash.Parse("j/vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAQ==", "partitionHash"), "2020-05-13T14:47:15.309Z", ObjectKind.Stored, 2, bytes);

        StoredApplicationObject view = stored;

        Assert.Equal("com.symphony.s2.model.object.StoredApplicationObject", view.Type);
        Assert.Equal(stored.BaseHash, view.PrevHash);
        Assert.Equal("2020-05-13T14:47:15.309Z", view.PrevSortKey);
        Assert.Equal(351775001412007, view.Owner);
        Assert.Equal("RSA2048_AES256", view.CipherSuiteId);
        Assert.Equal("+ZNefHakKm9vK7WREHHLEn///pEOR60jdA==", view.ThreadId);
        Assert.Equal(0, view.RotationId);
        Assert.Equal(new DateTimeOffset(2020, 6, 9, 10, 38, 59, 629, TimeSpan.Zero), view.CreatedDate);
        Assert.Equal("com.symphony.s2.model.calendar.ToDoHeader", view.Header!["_type"]!.GetValue<string>());
        Assert.Null(view.DeletionType);
    }

    [Fact]
    public void A_draft_writes_every_field_it_was_given()
    {
        var partition = Hash.Parse("j/vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAQ==", "partitionHash");
        var draft = new ObjectDraft(partition, "key")
        {
            Owner = 7,
            Header = new JsonObject { ["_type"] = "com.example.Header" },
            EncryptedPayload = "AAAA",
            CipherSuiteId = "RSA2048_AES256",
            ThreadId = "BBBB",
            RotationId = 3,
            CreatedDate = new DateTimeOffset(2020, 1, 2, 3, 4, 5, 6, TimeSpan.Zero),
            PurgeDate = new DateTimeOffset(2021, 1, 2, 3, 4, 5, TimeSpan.Zero),
        };

        var json = JsonNode.Parse(draft.ToJson())!.AsObject();

        Assert.Equal("com.symphony.s2.model.object.StoredApplicationObject", json["_type"]!.GetValue<string>());
        Assert.Equal(partition.Value, json["partitionHash"]!.GetValue<string>());
        Assert.Equal(7, json["owner"]!.GetValue<long>());
        Assert.Equal("com.example.Header", json["header"]!["_type"]!.GetValue<string>());
        Assert.Equal("2020-01-02T03:04:05.006Z", json["createdDate"]!.GetValue<string>());
        Assert.Equal("2021-01-02T03:04:05.000Z", json["purgeDate"]!.GetValue<string>());
        Assert.Equal(3, json["rotationId"]!.GetValue<long>());
        Assert.Null(json["baseHash"]);
    }
}
