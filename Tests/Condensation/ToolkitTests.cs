using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// The tests' own Condensation writer, checked against bytes worked out by hand from the protocol, so that a failing
/// store test points at the store and not at the bytes the tests sent.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class ToolkitTests
{
    [Fact]
    public void An_empty_record_is_an_object_of_four_zero_bytes()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, new RecordBuilder().ToObject().Bytes.ToArray());
    }

    [Fact]
    public void Nodes_are_written_depth_first_with_flags_for_children_and_siblings()
    {
        var record = new RecordBuilder();
        record.Add("e").Add([0x01, 0x00, 0x01]);
        record.Add("n").Add([0xAA, 0xBB]);

        byte[] expected =
        [
            0, 0, 0, 0,
            0xC1, (byte)'e', 0x03, 0x01, 0x00, 0x01,
            0x41, (byte)'n', 0x02, 0xAA, 0xBB,
        ];
        Assert.Equal(expected, record.ToObject().Bytes.ToArray());
    }

    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(29, new byte[] { 0x1D })]
    [InlineData(30, new byte[] { 0x1E, 0x00 })]
    [InlineData(285, new byte[] { 0x1E, 0xFF })]
    [InlineData(286, new byte[] { 0x1F, 0, 0, 0, 0, 0, 0, 0x01, 0x1E })]
    public void A_node_length_takes_the_flags_alone_then_one_byte_then_eight(int length, byte[] lengthBytes)
    {
        var record = new RecordBuilder();
        var bytes = RandomNumberGenerator.GetBytes(length);
        record.Add(bytes);

        Assert.Equal([0, 0, 0, 0, .. lengthBytes, .. bytes], record.ToObject().Bytes.ToArray());
    }

    [Fact]
    public void Linked_hashes_go_to_the_header_once_and_nodes_name_them_by_index()
    {
        var first = CdsHash.Random();
        var second = CdsHash.Random();
        var record = new RecordBuilder();
        record.Add("x", first);
        record.Add("y", first);
        record.Add("z", second);

        var cdsObject = record.ToObject();

        Assert.Equal([first, second], cdsObject.Links);
        byte[] expected =
        [
            0, 0, 0, 2, .. first.ToBytes(), .. second.ToBytes(),
            0xA1, (byte)'x', 0, 0, 0, 0,
            0xA1, (byte)'y', 0, 0, 0, 0,
            0x21, (byte)'z', 0, 0, 0, 1,
        ];
        Assert.Equal(expected, cdsObject.Bytes.ToArray());
        Assert.Equal(CdsHash.Of(expected), cdsObject.Hash);
    }

    [Theory]
    [InlineData(0L, new byte[0])]
    [InlineData(1L, new byte[] { 0x01 })]
    [InlineData(127L, new byte[] { 0x7F })]
    [InlineData(128L, new byte[] { 0x00, 0x80 })]
    [InlineData(-1L, new byte[] { 0xFF })]
    [InlineData(-128L, new byte[] { 0x80 })]
    [InlineData(-129L, new byte[] { 0xFF, 0x7F })]
    [InlineData(1670359537000L, new byte[] { 0x01, 0x84, 0xE9, 0x2F, 0xD5, 0x68 })]
    [InlineData(long.MaxValue, new byte[] { 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(long.MinValue, new byte[] { 0x80, 0, 0, 0, 0, 0, 0, 0 })]
    public void Integers_are_big_endian_twos_complement_in_as_few_bytes_as_hold_their_sign(long value, byte[] expected)
    {
        Assert.Equal(expected, RecordNode.IntegerBytes(value));
    }

    [Fact]
    public void A_record_reads_back_as_it_was_written()
    {
        var link = CdsHash.Random();
        var record = new RecordBuilder();
        var parent = record.Add("parent", link);
        parent.Add(new byte[300]);
        parent.Add("second").AddInteger(-5);
        record.Add("last");

        var read = RecordBuilder.Read(record.ToObject());

        Assert.Equal(["parent", "last"], read.Children.Select(child => child.Text));
        Assert.Equal(link, read.Children[0].Link);
        Assert.Equal(new byte[300], read.Children[0].Children[0].Bytes.ToArray());
        Assert.Equal(new byte[] { 0xFB }, read.Child("parent")!.Child("second")!.Children[0].Bytes.ToArray());
        Assert.Null(read.Children[1].Link);
    }

    [Fact]
    public void Reading_data_cut_short_throws()
    {
        Assert.Throws<FormatException>(() => RecordBuilder.Read(CdsObject.WithData([0x05, 1, 2])));
    }

    [Fact]
    public void An_actor_public_key_object_is_e_and_n_and_its_hash_is_the_actor_hash()
    {
        using var actor = Actor.Create();

        var key = RecordBuilder.Read(actor.PublicKeyObject);

        Assert.Empty(actor.PublicKeyObject.Links);
        Assert.Equal(["e", "n"], key.Children.Select(child => child.Text));
        Assert.Equal(new byte[] { 0x01, 0x00, 0x01 }, key.Child("e")!.Children.Single().Bytes.ToArray());
        Assert.Equal(256, key.Child("n")!.Children.Single().Bytes.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(actor.PublicKeyObject.Bytes.Span)), actor.Hash.Hex);
    }

    [Fact]
    public void A_request_signature_verifies_with_nothing_but_the_public_key_object()
    {
        using var actor = Actor.Create();
        var signer = new RequestSigner(actor) { DateText = "2022-12-06T20:45:37.000Z" };
        byte[] body = [1, 2, 3];
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:54321/cds/accounts");

        signer.Apply(request, body);

        Assert.Equal("2022-12-06T20:45:37.000Z", request.Headers.GetValues(RequestSigner.DateHeaderName).Single());
        Assert.Equal(actor.Hash.Hex, request.Headers.GetValues(RequestSigner.ActorHeaderName).Single());
        var signature = request.Headers.GetValues(RequestSigner.SignatureHeaderName).Single();
        Assert.Matches("^[0-9a-f]{512}$", signature);
        var signed = Encoding.ASCII.GetBytes("2022-12-06T20:45:37.000Z\0POST\0127.0.0.1:54321/cds/accounts\0\u0001\u0002\u0003");
        Assert.Equal(signed, RequestSigner.SignedBytes("2022-12-06T20:45:37.000Z", "POST", "127.0.0.1:54321", "/cds/accounts", body));
        var key = RecordBuilder.Read(actor.PublicKeyObject);
        using var rsa = RSA.Create(new RSAParameters
        {
            Exponent = key.Child("e")!.Children[0].Bytes.ToArray(),
            Modulus = key.Child("n")!.Children[0].Bytes.ToArray(),
        });
        Assert.True(rsa.VerifyHash(SHA256.HashData(signed), Convert.FromHexString(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Fact]
    public void Only_a_modify_has_its_body_signed()
    {
        using var actor = Actor.Create();
        var signer = new RequestSigner(actor) { DateText = "2022-12-06T20:45:37.000Z" };
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:54321/cds/objects/ab");

        signer.Apply(request, [1, 2, 3]);

        var signed = Encoding.ASCII.GetBytes("2022-12-06T20:45:37.000Z\0PUT\0127.0.0.1:54321/cds/objects/ab");
        var key = RecordBuilder.Read(actor.PublicKeyObject);
        using var rsa = RSA.Create(new RSAParameters
        {
            Exponent = key.Child("e")!.Children[0].Bytes.ToArray(),
            Modulus = key.Child("n")!.Children[0].Bytes.ToArray(),
        });
        var signature = Convert.FromHexString(request.Headers.GetValues(RequestSigner.SignatureHeaderName).Single());
        Assert.True(rsa.VerifyHash(SHA256.HashData(signed), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Fact]
    public void An_envelope_has_content_updated_by_prefixes_and_expires_in_unix_milliseconds()
    {
        var sender = CdsHash.Random();
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(1670359537000);

        var envelope = RecordBuilder.Read(Envelope.Create([7, 7], updatedBy: [sender], expires: expires));

        Assert.Equal(["content", "updated by", "expires"], envelope.Children.Select(child => child.Text));
        Assert.Equal(new byte[] { 7, 7 }, envelope.Child("content")!.Children.Single().Bytes.ToArray());
        Assert.Equal(sender.ToBytes()[..24], envelope.Child("updated by")!.Children.Single().Bytes.ToArray());
        Assert.Equal(new byte[] { 0x01, 0x84, 0xE9, 0x2F, 0xD5, 0x68 }, envelope.Child("expires")!.Children.Single().Bytes.ToArray());
    }

    [Theory]
    [InlineData(16384)]
    [InlineData(16385)]
    [InlineData(65536)]
    public void An_envelope_can_be_made_to_an_exact_size(int size)
    {
        var envelope = Envelope.OfSize(size);

        Assert.Equal(size, envelope.Length);
        Assert.NotNull(RecordBuilder.Read(envelope).Child("content"));
    }

    [Fact]
    public void A_modify_body_groups_entries_by_account_then_box_and_names_everything_by_raw_hash_bytes()
    {
        var account = CdsHash.Random();
        var first = CdsHash.Random();
        var second = CdsHash.Random();
        var removed = CdsHash.Random();
        var envelope = Envelope.Create();

        var body = new ModifyBody()
            .Add(account, Boxes.Messages, envelope)
            .Add(account, Boxes.Messages, first)
            .Add(account, Boxes.Private, second)
            .Remove(account, Boxes.Public, removed)
            .ToObject();

        Assert.Empty(body.Links);
        var record = RecordBuilder.Read(body);
        Assert.Equal(["put", "add", "remove"], record.Children.Select(child => child.Text));
        var put = record.Child("put")!.Children.Single();
        Assert.Equal(envelope.Hash.ToBytes(), put.Bytes.ToArray());
        Assert.Equal(envelope.Bytes.ToArray(), put.Children.Single().Bytes.ToArray());
        var added = record.Child("add")!.Children.Single();
        Assert.Equal(account.ToBytes(), added.Bytes.ToArray());
        Assert.Equal([Boxes.Messages, Boxes.Private], added.Children.Select(box => box.Text));
        Assert.Equal([envelope.Hash, first], added.Child(Boxes.Messages)!.Children.Select(hash => CdsHash.FromBytes(hash.Bytes.Span)));
        Assert.Equal([second], added.Child(Boxes.Private)!.Children.Select(hash => CdsHash.FromBytes(hash.Bytes.Span)));
        Assert.Equal(removed.ToBytes(), record.Child("remove")!.Children.Single().Child(Boxes.Public)!.Children.Single().Bytes.ToArray());
    }

    [Fact]
    public void Bytes_too_short_for_their_link_count_are_no_object()
    {
        var bytes = new byte[4 + 63];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 2);

        Assert.False(CdsObject.TryRead(bytes, out _));
        Assert.True(CdsObject.TryRead(bytes[..(4 + 32)].Select((value, index) => index == 3 ? (byte)1 : value).ToArray(), out var one));
        Assert.Single(one!.Links);
    }
}
