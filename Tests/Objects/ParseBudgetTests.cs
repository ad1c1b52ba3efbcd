using System.Text;
using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Tests.Objects;

/// <summary>
/// What parsing may cost is checked while the body is read, before a document or its canonical form is built: each
/// refusal names the value or byte it stopped at, well before the end of the body.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class ParseBudgetTests
{
    private const int MaxObjectBytes = 4096;
    private const string Partition = "j/vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAQ==";

    private readonly ObjectParser _parser = new(MaxObjectBytes);

    [Fact]
    public void Nested_arrays_whose_canonical_form_must_pass_the_limit_are_refused_part_way_through_the_body()
    {
        // 60 levels of brackets are 120 bytes sent but over 3,600 canonical bytes of indentation: a few of them pass the limit.
        var nest = new string('[', 60) + new string(']', 60);
        var body = Object($$""","header":{"nest":[{{string.Join(",", Enumerable.Repeat(nest, 100))}}]}""");
        Assert.True(body.Length < 4 * MaxObjectBytes, "the body is within what may be sent");

        var refusal = Assert.Throws<TooLargeException>(() => _parser.Parse(Encoding.UTF8.GetBytes(body)));

        var at = RefusedAtByte(refusal);
        Assert.Contains($"passes the maximum of {MaxObjectBytes} bytes", refusal.Message, StringComparison.Ordinal);
        Assert.InRange(at, 1, body.Length / 4);
    }

    [Fact]
    public void An_object_of_more_values_than_its_canonical_form_could_hold_is_refused_at_the_first_value_over()
    {
        // Null members are dropped from the canonical form, so only the count of values bounds them; in a transaction
        // an object's size is known only once it is parsed.
        var nulls = string.Concat(Enumerable.Range(0, MaxObjectBytes).Select(i => $",\"n{i}\":null"));
        var body = Encoding.UTF8.GetBytes($$"""[{{Object($$""","header":{"a":1{{nulls}}}""")}}]""");

        var refusal = Assert.Throws<TooLargeException>(() => _parser.ParseTransaction(body, maxObjects: 10));

        Assert.Contains($"more than {MaxObjectBytes / 2} JSON values: value {(MaxObjectBytes / 2) + 1} is refused at byte", refusal.Message, StringComparison.Ordinal);
        Assert.InRange(RefusedAtByte(refusal), 1, body.Length - 1);
    }

    [Fact]
    public void A_transaction_of_more_objects_than_allowed_is_refused_at_the_first_object_over()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat(Object(""), 10)) + "]";

        var refusal = Assert.Throws<InvalidInputException>(() => _parser.ParseTransaction(Encoding.UTF8.GetBytes(body), maxObjects: 3));

        Assert.Contains("A transaction holds 1 to 3 objects: object 4 is refused at byte", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_object_of_a_transaction_has_the_budget_of_one_object()
    {
        var large = Object($$""","header":{"text":"{{new string('x', MaxObjectBytes / 2)}}"}""");
        var body = "[" + string.Join(",", Enumerable.Repeat(large, 3)) + "]";

        Assert.Equal(3, _parser.ParseTransaction(Encoding.UTF8.GetBytes(body), maxObjects: 3).Count);
    }

    [Fact]
    public void Canonical_output_stops_at_the_limit_instead_of_being_built_whole()
    {
        using var document = CanonicalJson.Parse(Encoding.UTF8.GetBytes($$"""{"text":"{{new string('x', 1000)}}"}"""));

        var refusal = Assert.Throws<TooLargeException>(() => CanonicalJson.Serialize(document.RootElement, maxBytes: 100));

        Assert.Contains("writing stopped at byte 100", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_body_waits_for_its_turn_while_a_small_one_is_parsed_at_once()
    {
        using var turns = new SemaphoreSlim(0);
        var parser = new ObjectParser(ObjectParser.LargeBodyBytes * 2, turns);
        var large = Encoding.UTF8.GetBytes(Object($$""","header":{"text":"{{new string('x', ObjectParser.LargeBodyBytes)}}"}"""));

        var waiting = parser.ParseAsync(large);
        var small = await parser.ParseAsync(Encoding.UTF8.GetBytes(Object("")));

        Assert.False(waiting.IsCompleted, "no turn was free for the large body");
        Assert.Equal("key", small.SortKey);
        turns.Release();
        Assert.Equal("key", (await waiting).SortKey);
    }

    private static long RefusedAtByte(Exception refusal)
    {
        const string marker = "refused at byte ";
        var message = refusal.Message;
        var digits = message[(message.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].TakeWhile(char.IsAsciiDigit);
        return long.Parse(string.Concat(digits), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Object(string more) =>
        $$"""{"_type":"{{CanonTypes.StoredApplicationObject}}","partitionHash":"{{Partition}}","sortKey":"key"{{more}}}""";
}
