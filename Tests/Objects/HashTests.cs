using ObjectStore.Errors;
using ObjectStore.Objects;

namespace ObjectStore.Tests.Objects;

[Kind(TestKind.Unit)]
public sealed class HashTests
{
    private const string Partition = "j/vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAQ==";

    [Theory]
    [InlineData(Partition)]
    [InlineData("j_vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAQ==")]
    [InlineData("j_vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAQ")]
    public void Standard_and_url_safe_forms_parse_to_the_same_hash(string text)
    {
        var hash = Hash.Parse(text, "hash");

        Assert.Equal(Partition, hash.Value);
        Assert.Equal("j_vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAQ==", hash.ToUrlSafe());
        Assert.Equal(34, hash.ToBytes().Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    [InlineData("j/vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAg==")]
    [InlineData("j/vNnRtcln7uKIixRBWuqCjimkm5VxO4WLYKJVUT00oBAQAA")]
    public void Anything_but_34_bytes_ending_in_the_sha256_type_is_rejected(string text)
    {
        var error = Assert.Throws<InvalidInputException>(() => Hash.Parse(text, "prevHash"));
        Assert.Contains("prevHash", error.Message);
    }
}
