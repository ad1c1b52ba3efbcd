using System.Text;
using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Tests.Objects;

/// <summary>
/// The payload and thread id must be Base64 however the JSON spells them: a payload sent without escapes is checked in
/// its bytes, one sent with escapes as the text they stand for.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class EncodedFieldTests
{
    private const string Partition = "j/vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAQ==";

    private readonly ObjectParser _parser = new(4096);

    [Theory]
    [InlineData("AQID")]
    [InlineData("AQI=")]
    [InlineData("\\u0041QID")]
    [InlineData("AQ\\/D")]
    [InlineData("")]
    [InlineData("AR==")] // Unused trailing bits not zero: Convert accepts it, and the store always has.
    [InlineData("AQJ=")]
    public void A_Base64_payload_is_accepted_and_kept_as_its_text(string sent)
    {
        var write = _parser.Parse(Body(sent));

        Assert.Contains($"\"encryptedPayload\":\"{sent.Replace("\\u0041", "A", StringComparison.Ordinal).Replace("\\/", "/", StringComparison.Ordinal)}\"", Encoding.UTF8.GetString(write.Canonical), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AQI")]
    [InlineData("A*ID")]
    [InlineData("\\u002aQID")]
    [InlineData("AQID=")]
    public void A_payload_that_is_not_Base64_is_refused(string sent)
    {
        var refusal = Assert.Throws<InvalidInputException>(() => _parser.Parse(Body(sent)));

        Assert.Contains("'encryptedPayload' must be Base64", refusal.Message, StringComparison.Ordinal);
    }

    private static byte[] Body(string payload) => Encoding.UTF8.GetBytes(
        $$"""{"_type":"{{CanonTypes.StoredApplicationObject}}","partitionHash":"{{Partition}}","sortKey":"key","encryptedPayload":"{{payload}}"}""");
}
