using System.Text;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Tests.Objects;

[Kind(TestKind.Unit)]
public sealed class CanonicalJsonTests
{
    private static string Canonical(string json)
    {
        using var document = CanonicalJson.Parse(Encoding.UTF8.GetBytes(json));
        return Encoding.UTF8.GetString(CanonicalJson.Serialize(document.RootElement));
    }

    [Fact]
    public void The_partition_vector_of_the_notes_hashes_to_the_published_partition_hash()
    {
        var canonical = PartitionIds.Canonicalize(new PartitionId("MyCalendar", 351775001412007));

        Assert.Equal(
            "{\n  \"_type\":\"com.symphony.s2.model.object.NamedUserIdObject\",\n  \"_version\":\"1.0\",\n  \"hashType\":1,\n  \"name\":\"MyCalendar\",\n  \"userId\":351775001412007\n}\n",
            Encoding.UTF8.GetString(canonical));
        Assert.Equal("j/vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAQ==", CanonicalJson.HashOf(canonical).Value);
    }

    [Fact]
    public void Keys_are_sorted_by_ordinal_order_and_nested_containers_open_on_the_key_line()
    {
        var json = """{"b":1,"B":2,"a":{"z":true,"_y":false},"list":[1,"two",{"k":null,"j":"v"}],"empty":[],"none":{}}""";

        Assert.Equal(
            "{\n  \"B\":2,\n  \"a\":{\n    \"_y\":false,\n    \"z\":true\n  },\n  \"b\":1,\n  \"empty\":[],\n" +
            "  \"list\":[\n    1,\n    \"two\",\n    {\n      \"j\":\"v\"\n    }\n  ],\n  \"none\":{\n  }\n}\n",
            Canonical(json));
    }

    [Fact]
    public void Arrays_keep_their_order_and_null_elements_while_null_members_are_dropped()
    {
        Assert.Equal("{\n  \"a\":[\n    3,\n    null,\n    1\n  ]\n}\n", Canonical("""{"a":[3,null,1],"gone":null}"""));
    }

    [Theory]
    [InlineData("\"a\\\\b\"", "\"a\\\\b\"")]
    [InlineData("\"quote \\\" here\"", "\"quote \\\" here\"")]
    [InlineData("\"\\n\\r\\t\\f\\b\"", "\"\\n\\r\\t\\f\\b\"")]
    [InlineData("\"\\u0001\\u001A\"", "\"\\u0001\\u001a\"")]
    [InlineData("\"slash / stays, \\u00e9 is raw\"", "\"slash / stays, é is raw\"")]
    [InlineData("\"\\u2028 and \\u007f stay raw\"", "\"\u2028 and \u007f stay raw\"")]
    [InlineData("\"sent raw: \u00e9, \u2028 and \u007f\"", "\"sent raw: \u00e9, \u2028 and \u007f\"")]
    [InlineData("\"\\/ and \\u0041 are spelled out\"", "\"/ and A are spelled out\"")]
    public void Strings_escape_exactly_the_control_characters(string input, string expected)
    {
        Assert.Equal($"{{\n  \"s\":{expected}\n}}\n", Canonical($"{{\"s\":{input}}}"));
    }

    [Theory]
    [InlineData("12", "12")]
    [InlineData("-0", "0")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("1.5", "1.5")]
    [InlineData("1.0", "1.0")]
    [InlineData("100.25", "100.25")]
    [InlineData("1e3", "1000.0")]
    [InlineData("0.001", "0.001")]
    [InlineData("0.0001", "1.0E-4")]
    [InlineData("12345678.9", "1.23456789E7")]
    [InlineData("1e20", "1.0E20")]
    [InlineData("-2.5e-5", "-2.5E-5")]
    [InlineData("0.1", "0.1")]
    public void Numbers_are_written_as_java_writes_them(string input, string expected)
    {
        Assert.Equal($"{{\n  \"n\":{expected}\n}}\n", Canonical($"{{\"n\":{input}}}"));
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\":1 // comment\n}")]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":123456789012345678901234567890}")]
    public void Malformed_or_ambiguous_json_is_invalid_input(string json)
    {
        Assert.Throws<InvalidInputException>(() => Canonical(json));
    }

    public static TheoryData<string> ToDoListBodies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ToDoList"), "*.json").Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ToDoListBodies))]
    public void Bodies_printed_by_the_allegro_examples_round_trip_to_the_same_text(string file)
    {
        var printed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ToDoList", file));

        Assert.Equal(printed + "\n", Canonical(printed));
    }

    [Fact]
    public void The_partition_printed_by_the_examples_has_the_hash_its_objects_reference()
    {
        var partition = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ToDoList", "04-CreateAPartition-Partition.json"));
        var stored = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ToDoList", "06-CreateAnItem-StoredApplicationObject.json"));
        using var partitionDocument = CanonicalJson.Parse(Encoding.UTF8.GetBytes(partition));
        var id = partitionDocument.RootElement.GetProperty("id");

        var hash = CanonicalJson.HashOf(CanonicalJson.Serialize(id));

        Assert.Contains($"\"partitionHash\":\"{hash.Value}\"", stored);
    }
}
