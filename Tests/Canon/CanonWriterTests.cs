using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ObjectStore.Feeds;
using ObjectStore.Objects;
using ObjectStore.Silo.Canon;

namespace ObjectStore.Tests.Canon;

/// <summary>
/// The response writer splices canonical bytes in re-indented for their depth, and the result is byte for byte what
/// canonicalizing the whole response would give.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class CanonWriterTests
{
    private const string Payload = """{"_type":"com.example.Item","list":[1,{"b":"two","a":[]}],"none":{},"text":"line one\nline two\r\n","n":2.5}""";

    /// <summary>Canonicalizes JSON text whole, parsing however deep it is nested.</summary>
    private static string CanonicalOf(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1000 });
        return Encoding.UTF8.GetString(CanonicalJson.Serialize(document.RootElement));
    }

    private static byte[] CanonicalBytes(string json) => Encoding.UTF8.GetBytes(CanonicalOf(json));

    private static StoredObject Stored(string json, string sortKey = "key")
    {
        var canonical = CanonicalBytes(json);
        var hash = CanonicalJson.HashOf(canonical);
        return new StoredObject(hash, hash, hash, sortKey, ObjectKind.Stored, 1, canonical);
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public void A_line_break_in_a_string_is_escaped_so_every_line_end_of_canonical_json_is_structure()
    {
        var canonical = CanonicalOf(Payload);

        Assert.Contains("\"text\":\"line one\\nline two\\r\\n\"", canonical);
        Assert.All(canonical.Split('\n')[..^1], line => Assert.Matches("^ *([\"{}\\[\\]]|[0-9])", line));
        Assert.EndsWith("}\n", canonical);
    }

    [Fact]
    public void Empty_arrays_are_written_on_one_line_and_empty_objects_close_on_their_own()
    {
        Assert.Equal("[]\n", Text(ObjectWriter.Array([])));
        Assert.Equal("{\n  \"data\":[],\n  \"pagination\":{\n    \"cursors\":{\n    }\n  }\n}\n", Text(ObjectWriter.Page(new Page<StoredObject>([], null, null))));
        Assert.Equal(CanonicalOf("""{"data":[],"pagination":{"cursors":{}}}"""), Text(ObjectWriter.Page(new Page<StoredObject>([], null, null))));
    }

    [Fact]
    public void A_page_splices_each_object_in_as_canonicalizing_the_whole_page_would_write_it()
    {
        var page = new Page<StoredObject>([Stored(Payload, "a"), Stored("""{"x":"y"}""", "b")], "a", "b");

        var written = Text(ObjectWriter.Page(page));

        Assert.Equal(CanonicalOf($$$"""{"pagination":{"cursors":{"before":"a","after":"b"}},"data":[{{{Payload}}},{"x":"y"}]}"""), written);
        Assert.Contains("\n    {\n      \"_type\":\"com.example.Item\",\n      \"list\":[\n        1,\n        {\n          \"a\":[],\n", written);
    }

    [Fact]
    public void A_feed_object_splices_its_payload_two_levels_deep()
    {
        var message = new FeedMessage("message", "handle", 1, Stored(Payload));

        var written = Text(FeedWriter.Messages([message, message]));

        var expected = $$"""{"_type":"{{CanonTypes.FeedObject}}","_version":"1.0","messageId":"message","payload":{{Payload}},"receiptHandle":"handle"}""";
        Assert.Equal(CanonicalOf($"[{expected},{expected}]"), written);
    }

    [Fact]
    public void A_dead_letter_leaves_out_the_payload_of_a_removed_version()
    {
        var deadSince = new DateTimeOffset(2020, 6, 9, 10, 38, 59, 629, TimeSpan.Zero);

        var written = Text(DeadLetterWriter.Write([new DeadLetter("gone", 25, deadSince, null), new DeadLetter("kept", 3, deadSince, Stored(Payload))]));

        Assert.Equal(CanonicalOf($$"""
            [{"attempts":25,"deadSince":"2020-06-09T10:38:59.629Z","messageId":"gone"},
             {"attempts":3,"deadSince":"2020-06-09T10:38:59.629Z","messageId":"kept","payload":{{Payload}}}]
            """), written);
    }

    [Fact]
    public void Strings_are_escaped_as_the_canonical_form_escapes_them()
    {
        var text = "quote \" backslash \\ tab \t bell \u0007 é";

        Assert.Equal(CanonicalOf(new JsonObject { ["_type"] = CanonTypes.PlainText, ["_version"] = "1.0", ["text"] = text }.ToJsonString()), Text(PlainTextWriter.Write(text)));
    }

    [Fact]
    public void An_object_nested_deeper_than_a_parser_allows_is_spliced_without_being_read()
    {
        var deep = string.Concat(Enumerable.Repeat("""{"n":""", 200)) + "[]" + new string('}', 200);

        var written = Text(ObjectWriter.Page(new Page<StoredObject>([Stored(deep)], "key", null)));

        Assert.Equal(CanonicalOf("""{"data":[""" + deep + """],"pagination":{"cursors":{"before":"key"}}}"""), written);
    }

    [Fact]
    public void A_response_left_open_is_a_bug_not_a_body()
    {
        Assert.Throws<InvalidOperationException>(() => CanonWriter.Document(writer => writer.StartObject()));
    }
}
