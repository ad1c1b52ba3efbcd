using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// GET, HEAD, PUT and POST (book) on /cds/objects/HASH: anyone reads an object's exact bytes; only a signed actor
/// stores or books one; bytes that are not an object, or not the object the path names, or too many, are refused and
/// stored neither at the path nor at their own hash.
/// </summary>
public abstract class ObjectRequestTests(CondensationFixture fixture) : CondensationTestBase(fixture)
{
    [Fact]
    public async Task A_stored_object_is_read_back_byte_for_byte_by_anyone()
    {
        using var writer = await NewActorAsync();
        using var reader = await NewActorAsync();
        var record = new RecordBuilder();
        record.Add("text", CdsHash.Random()).Add(RandomNumberGenerator.GetBytes(300));
        record.Add("linked twice", CdsHash.Random());
        var stored = await StoreAsync(writer, record.ToObject());

        foreach (var client in new[] { Unsigned(), SignedBy(reader), SignedBy(writer) })
        {
            using (client)
            {
                using var response = await client.GetObjectAsync(stored.Hash);
                await AssertBytesAsync(response, stored.Bytes, $"GET as {client.Signer?.Actor.ToString() ?? "nobody"}");
            }
        }
    }

    [Fact]
    public async Task Head_answers_200_without_a_body_for_a_stored_object_and_404_for_an_absent_one()
    {
        using var writer = await NewActorAsync();
        var stored = await StoreAsync(writer, Envelope.Create());
        using var client = Unsigned();

        using var present = await client.HeadObjectAsync(stored.Hash);
        using var absent = await client.HeadObjectAsync(CdsHash.Random());

        Assert.Equal(HttpStatusCode.OK, present.StatusCode);
        Assert.Equal("application/octet-stream", present.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await present.Content.ReadAsByteArrayAsync());
        await AssertRefusedAsync(absent, HttpStatusCode.NotFound, "HEAD of an absent object");
    }

    [Fact]
    public async Task Get_of_an_absent_object_is_404_in_plain_text()
    {
        using var client = Unsigned();

        using var response = await client.GetObjectAsync(CdsHash.Random());

        await AssertRefusedAsync(response, HttpStatusCode.NotFound, "GET of an absent object");
    }

    [Fact]
    public async Task An_actor_whose_key_the_store_lacks_may_put_that_key_and_is_then_known()
    {
        using var actor = Actor.Create();
        using var client = SignedBy(actor);
        var other = Envelope.Create();

        using var keyPut = await client.PutObjectAsync(actor.PublicKeyObject);
        using var otherPut = await client.PutObjectAsync(other);

        await AssertNoContentAsync(keyPut, "the first PUT, of the actor's own public key");
        await AssertStoredAsync(actor.PublicKeyObject);
        await AssertNoContentAsync(otherPut, "a PUT by the actor whose key is now stored");
        await AssertStoredAsync(other);
    }

    public static TheoryData<string> EdgeObjects => new() { "no links and no data", "links and no data", "data that is not a record" };

    [Theory]
    [MemberData(nameof(EdgeObjects))]
    public async Task Any_bytes_that_form_an_object_are_stored_record_or_not(string shape)
    {
        using var writer = await NewActorAsync();
        var cdsObject = shape switch
        {
            "no links and no data" => CdsObject.Create([], []),
            "links and no data" => CdsObject.Create([CdsHash.Random(), CdsHash.Random()], []),
            "data that is not a record" => CdsObject.WithData([0x1d, 1, 2, 3]),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };

        await StoreAsync(writer, cdsObject);

        await AssertStoredAsync(cdsObject);
    }

    [Fact]
    public async Task Putting_a_stored_object_again_is_204_and_keeps_its_bytes()
    {
        using var first = await NewActorAsync();
        using var second = await NewActorAsync();
        var stored = await StoreAsync(first, Envelope.Create());

        await StoreAsync(first, stored);
        await StoreAsync(second, stored);

        await AssertStoredAsync(stored);
    }

    [Fact]
    public async Task An_unsigned_put_is_403_and_stores_nothing()
    {
        var envelope = Envelope.Create();
        using var client = Unsigned();

        using var response = await client.PutObjectAsync(envelope);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "an unsigned PUT");
        await AssertAbsentAsync(envelope.Hash);
    }

    public static TheoryData<string> NotObjects => new()
    {
        "no bytes",
        "3 bytes",
        "a count of 1 link and no link",
        "a count of 2 links and 1 link",
        "a count of 2 links and 63 bytes after it",
        "a count of 4294967295 links",
    };

    /// <summary>Bytes too short for the link count in their first 4 bytes.</summary>
    private static byte[] NotAnObject(string shape)
    {
        byte[] WithCount(uint count, int bytesAfter)
        {
            var bytes = new byte[4 + bytesAfter];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, count);
            RandomNumberGenerator.Fill(bytes.AsSpan(4));
            return bytes;
        }

        return shape switch
        {
            "no bytes" => [],
            "3 bytes" => [0, 0, 0],
            "a count of 1 link and no link" => WithCount(1, 0),
            "a count of 2 links and 1 link" => WithCount(2, 32),
            "a count of 2 links and 63 bytes after it" => WithCount(2, 63),
            "a count of 4294967295 links" => WithCount(uint.MaxValue, 64),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };
    }

    [Theory]
    [MemberData(nameof(NotObjects))]
    public async Task A_put_of_bytes_that_are_not_an_object_is_400_and_stores_nothing(string shape)
    {
        using var writer = await NewActorAsync();
        var bytes = NotAnObject(shape);

        // At their own hash, so that being no object is all that is wrong with them.
        var hash = CdsHash.Of(bytes);
        using var client = SignedBy(writer);
        using var response = await client.PutObjectAsync(hash, bytes);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, $"a PUT of {shape}");
        await AssertAbsentAsync(hash);
    }

    [Fact]
    public async Task A_put_whose_bytes_do_not_hash_to_the_path_is_400_and_stores_them_nowhere()
    {
        using var writer = await NewActorAsync();
        var sent = Envelope.Create();
        var named = Envelope.Create();
        using var client = SignedBy(writer);

        using var response = await client.PutObjectAsync(named.Hash, sent.Bytes);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "a PUT at another object's hash");
        await AssertAbsentAsync(named.Hash);
        await AssertAbsentAsync(sent.Hash);
    }

    [Theory]
    [InlineData(CondensationFixture.MaxObjectBytes, HttpStatusCode.NoContent)]
    [InlineData(CondensationFixture.MaxObjectBytes + 1, HttpStatusCode.RequestEntityTooLarge)]
    public async Task Objects_up_to_MaxObjectBytes_are_stored_and_larger_ones_are_413(int size, HttpStatusCode status)
    {
        using var writer = await NewActorAsync();
        var envelope = Envelope.OfSize(size);
        using var client = SignedBy(writer);

        using var response = await client.PutObjectAsync(envelope);

        if (status == HttpStatusCode.NoContent)
        {
            await AssertNoContentAsync(response, $"a PUT of {size} bytes");
            await AssertStoredAsync(envelope);
        }
        else
        {
            await AssertRefusedAsync(response, status, $"a PUT of {size} bytes");
            await AssertAbsentAsync(envelope.Hash);
        }
    }

    [Fact]
    public async Task Booking_a_stored_object_is_204_and_leaves_it_as_it_was()
    {
        using var writer = await NewActorAsync();
        using var booker = await NewActorAsync();
        var stored = await StoreAsync(writer, Envelope.Create());
        using var client = SignedBy(booker);

        using var response = await client.BookAsync(stored.Hash);

        await AssertNoContentAsync(response, "a book of a stored object");
        await AssertStoredAsync(stored);
    }

    [Fact]
    public async Task Booking_an_absent_object_is_404_and_does_not_create_it()
    {
        using var booker = await NewActorAsync();
        var absent = CdsHash.Random();
        using var client = SignedBy(booker);

        using var response = await client.BookAsync(absent);

        await AssertRefusedAsync(response, HttpStatusCode.NotFound, "a book of an absent object");
        await AssertAbsentAsync(absent);
    }

    [Fact]
    public async Task An_unsigned_book_is_403()
    {
        using var writer = await NewActorAsync();
        var stored = await StoreAsync(writer, Envelope.Create());
        using var client = Unsigned();

        using var response = await client.BookAsync(stored.Hash);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "an unsigned book");
        await AssertStoredAsync(stored);
    }

    [Fact]
    public async Task A_book_with_a_body_is_400_and_does_not_store_the_body()
    {
        using var booker = await NewActorAsync();
        var stored = await StoreAsync(booker, Envelope.Create());
        var body = Envelope.Create();
        using var client = SignedBy(booker);

        using var response = await client.BookAsync(stored.Hash, body.Bytes);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "a book with a body");
        await AssertStoredAsync(stored);
        await AssertAbsentAsync(body.Hash);
    }
}

[Collection(SharedFixtures.SqliteCondensation), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class SqliteObjectRequestTests(SqliteCondensationFixture fixture) : ObjectRequestTests(fixture);

[Collection(SharedFixtures.PostgresCondensation), Kind(TestKind.Http), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresObjectRequestTests(PostgresCondensationFixture fixture) : ObjectRequestTests(fixture);
