using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// Signed requests: a request that carries <c>Condensation-Actor</c> or <c>Condensation-Signature</c> must verify
/// in every signed part (date, method, host with port, path with the base path, a modify's body), by the key of the
/// actor it names, stored or sent along, at a date within [now − 120 s, now + 60 s]; else it is 403 and changes
/// nothing, even where an unsigned request would have been allowed.
/// </summary>
public abstract class SignatureTests(CondensationFixture fixture) : CondensationTestBase(fixture)
{
    public static TheoryData<string> Corruptions => new()
    {
        "a flipped signature bit",
        "a signature by another stored actor's key",
        "an actor header naming another stored actor",
        "another method signed",
        "the method signed in lower case",
        "another path signed",
        "the path signed without the base path",
        "another host signed",
        "the host signed without its port",
        "another date signed than sent",
        "a signature cut to 510 hex characters",
        "a signature of 514 hex characters",
        "an empty signature",
        "a signature that is not hex",
        "no signature",
        "no actor",
        "an actor that is not a hash",
        "no date",
        "a date that is not a date",
    };

    /// <summary>A signer that gets <paramref name="corruption"/> wrong for a request with <paramref name="method"/> to <paramref name="path"/>.</summary>
    private static RequestSigner Corrupt(RequestSigner signer, string corruption, Actor other, HttpMethod method, string path) => corruption switch
    {
        "a flipped signature bit" => signer with { FlipSignatureBit = true },
        "a signature by another stored actor's key" => signer with { SigningActor = other },
        "an actor header naming another stored actor" => signer with { ActorText = other.Hash.Hex },
        "another method signed" => signer with { SignedMethod = method == HttpMethod.Post ? "PUT" : "POST" },
        "the method signed in lower case" => signer with { SignedMethod = method.Method.ToLowerInvariant() },
        "another path signed" => signer with { SignedPath = CdsClient.ObjectPath(CdsHash.Random()) },
        "the path signed without the base path" => signer with { SignedPath = path[CdsClient.BasePath.Length..] },
        "another host signed" => signer with { SignedHost = "store.example.org" },
        "the host signed without its port" => signer with { SignedHost = "127.0.0.1" },
        "another date signed than sent" => signer with { SignedDateText = RequestSigner.FormatDate(signer.Clock.GetUtcNow().AddSeconds(-1)) },
        "a signature cut to 510 hex characters" => signer with { RewriteSignature = hex => hex[..510] },
        "a signature of 514 hex characters" => signer with { RewriteSignature = hex => hex + "00" },
        "an empty signature" => signer with { RewriteSignature = _ => "" },
        "a signature that is not hex" => signer with { RewriteSignature = hex => "zz" + hex[2..] },
        "no signature" => signer with { OmitSignature = true },
        "no actor" => signer with { OmitActor = true },
        "an actor that is not a hash" => signer with { ActorText = "alice" },
        "no date" => signer with { DateIn = SignatureDate.None },
        "a date that is not a date" => signer with { DateText = "yesterday" },
        _ => throw new ArgumentOutOfRangeException(nameof(corruption), corruption, null),
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task A_put_whose_signature_does_not_verify_is_403_and_stores_nothing(string corruption)
    {
        using var actor = await NewActorAsync();
        using var other = await NewActorAsync();
        var envelope = Envelope.Create();
        using var client = SignedBy(Corrupt(Signer(actor), corruption, other, HttpMethod.Put, CdsClient.ObjectPath(envelope.Hash)));

        using var response = await client.PutObjectAsync(envelope);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, $"a PUT with {corruption}");
        await AssertAbsentAsync(envelope.Hash);
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task A_message_add_whose_signature_does_not_verify_is_403_though_an_unsigned_one_would_pass(string corruption)
    {
        using var owner = await NewActorAsync();
        using var sender = await NewActorAsync();
        var envelope = await StoreAsync(sender, Envelope.Create());
        var path = CdsClient.EntryPath(owner.Hash, Boxes.Messages, envelope.Hash);
        using var client = SignedBy(Corrupt(Signer(sender), corruption, owner, HttpMethod.Put, path));

        using var response = await client.AddAsync(owner.Hash, Boxes.Messages, envelope.Hash);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, $"a message add with {corruption}");
        Assert.Empty(await BoxOfAsync(owner, Boxes.Messages));
    }

    public static TheoryData<string, string> ReadCorruptions
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var request in new[] { "GET object", "HEAD object", "GET public box" })
            {
                foreach (var corruption in new[] { "a flipped signature bit", "no signature", "no actor", "no date", "another path signed" })
                {
                    cases.Add(request, corruption);
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(ReadCorruptions))]
    public async Task A_read_anyone_may_make_is_403_when_its_signature_does_not_verify(string request, string corruption)
    {
        using var owner = await NewActorAsync();
        using var reader = await NewActorAsync();
        var envelope = await NewEnvelopeInBoxAsync(owner, Boxes.Public);
        var (method, path) = request == "GET public box"
            ? (HttpMethod.Get, CdsClient.BoxPath(owner.Hash, Boxes.Public))
            : (request.StartsWith("HEAD", StringComparison.Ordinal) ? HttpMethod.Head : HttpMethod.Get, CdsClient.ObjectPath(envelope.Hash));
        using var client = SignedBy(Corrupt(Signer(reader), corruption, owner, method, path));

        using var response = await client.SendAsync(method, path);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, $"{request} with {corruption}");
        await AssertStoredAsync(envelope);
        Assert.Equal(Set(envelope.Hash), await BoxOfAsync(owner, Boxes.Public));
    }

    public static TheoryData<string, string> ModifyCorruptions
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var modify in new[] { "a message add", "an add to the actor's private box" })
            {
                foreach (var corruption in new[] { "the body not signed", "another body signed", "the body signed for another path" })
                {
                    cases.Add(modify, corruption);
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(ModifyCorruptions))]
    public async Task A_modify_whose_signature_does_not_cover_its_body_is_403_and_changes_nothing(string modify, string corruption)
    {
        using var actor = await NewActorAsync();
        var envelope = Envelope.Create();
        var box = modify == "a message add" ? Boxes.Messages : Boxes.Private;
        var body = new ModifyBody().Add(actor.Hash, box, envelope).ToObject();
        var signer = corruption switch
        {
            "the body not signed" => Signer(actor) with { SignBody = false },
            "another body signed" => Signer(actor) with { SignedBody = new ModifyBody().Add(actor.Hash, box, Envelope.Create()).ToObject().Bytes.ToArray() },
            _ => Signer(actor) with { SignedPath = "/cds/accounts/" + actor.Hash.Hex },
        };
        using var client = SignedBy(signer);

        using var response = await client.ModifyAsync(body);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, $"{modify} with {corruption}");
        await AssertAbsentAsync(envelope.Hash);
        Assert.Empty(await BoxOfAsync(actor, box));
    }

    [Theory]
    [InlineData(SignatureDate.CondensationDate, -130, HttpStatusCode.Forbidden)]
    [InlineData(SignatureDate.CondensationDate, -110, HttpStatusCode.NoContent)]
    [InlineData(SignatureDate.CondensationDate, 50, HttpStatusCode.NoContent)]
    [InlineData(SignatureDate.CondensationDate, 70, HttpStatusCode.Forbidden)]
    [InlineData(SignatureDate.DateHeader, -130, HttpStatusCode.Forbidden)]
    [InlineData(SignatureDate.DateHeader, -110, HttpStatusCode.NoContent)]
    [InlineData(SignatureDate.DateHeader, 50, HttpStatusCode.NoContent)]
    [InlineData(SignatureDate.DateHeader, 70, HttpStatusCode.Forbidden)]
    public async Task A_signature_is_accepted_from_120_s_before_to_60_s_after_the_store_time(SignatureDate dateIn, int seconds, HttpStatusCode status)
    {
        // Ten seconds away from each edge, so that the time the request takes does not matter; the edges themselves
        // are tested on a frozen clock.
        using var actor = await NewActorAsync();
        var envelope = Envelope.Create();
        using var client = SignedBy(Signer(actor) with { DateIn = dateIn, DateShift = TimeSpan.FromSeconds(seconds) });

        await AssertPutAnsweredAsync(client, envelope, status, $"a PUT signed {seconds} s from now in {dateIn}");
    }

    [Fact]
    public async Task The_query_string_is_not_signed()
    {
        using var owner = await NewActorAsync();
        var envelope = await NewEnvelopeInBoxAsync(owner, Boxes.Private);
        using var client = SignedBy(owner);

        // The signer signs the path alone (Uri.AbsolutePath), as the protocol says.
        using var response = await client.SendAsync(HttpMethod.Get, CdsClient.BoxPath(owner.Hash, Boxes.Private) + "?cache=no");

        Assert.Equal(Set(envelope.Hash), await ReadBoxAsync(response));
    }

    [Fact]
    public async Task Condensation_Date_is_the_date_when_a_Date_header_is_sent_too()
    {
        using var actor = await NewActorAsync();
        var envelope = Envelope.Create();
        using var client = SignedBy(actor);
        var staleDate = DateTimeOffset.UtcNow.AddHours(-1).ToString("r", CultureInfo.InvariantCulture);

        using var response = await client.SendAsync(HttpMethod.Put, CdsClient.ObjectPath(envelope.Hash), envelope.Bytes, CdsClient.ObjectMediaType,
            [("Date", staleDate)]);

        await AssertNoContentAsync(response, "a PUT with a fresh Condensation-Date and a stale Date");
        await AssertStoredAsync(envelope);
    }

    [Fact]
    public async Task A_Condensation_Date_alone_does_not_make_a_request_signed()
    {
        using var owner = await NewActorAsync();
        var stored = await StoreAsync(owner, Envelope.Create());
        var envelope = Envelope.Create();
        using var client = Unsigned();
        (string, string)[] dateOnly = [(RequestSigner.DateHeaderName, RequestSigner.FormatDate(DateTimeOffset.UtcNow))];

        using var get = await client.SendAsync(HttpMethod.Get, CdsClient.ObjectPath(stored.Hash), headers: dateOnly);
        using var put = await client.SendAsync(HttpMethod.Put, CdsClient.ObjectPath(envelope.Hash), envelope.Bytes, CdsClient.ObjectMediaType, dateOnly);

        await AssertBytesAsync(get, stored.Bytes, "a GET with only a date");
        await AssertRefusedAsync(put, HttpStatusCode.Forbidden, "a PUT with only a date");
        await AssertAbsentAsync(envelope.Hash);
    }

    public static TheoryData<string> UnknownActorRequests => new() { "PUT object", "POST book", "GET object", "GET public box", "PUT message add" };

    [Theory]
    [MemberData(nameof(UnknownActorRequests))]
    public async Task A_correct_signature_by_an_actor_whose_key_the_store_lacks_is_403(string request)
    {
        using var stranger = Actor.Create();
        using var owner = await NewActorAsync();
        var stored = await NewEnvelopeInBoxAsync(owner, Boxes.Public);
        var envelope = Envelope.Create();
        using var client = SignedBy(stranger);

        using var response = request switch
        {
            "PUT object" => await client.PutObjectAsync(envelope),
            "POST book" => await client.BookAsync(stored.Hash),
            "GET object" => await client.GetObjectAsync(stored.Hash),
            "GET public box" => await client.ListAsync(owner.Hash, Boxes.Public),
            _ => await client.AddAsync(owner.Hash, Boxes.Messages, stored.Hash),
        };

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, $"{request} by an actor the store does not know");
        await AssertAbsentAsync(envelope.Hash);
        await AssertAbsentAsync(stranger.Hash);
        Assert.Empty(await BoxOfAsync(owner, Boxes.Messages));
    }

    [Fact]
    public async Task An_actor_hash_that_names_a_stored_object_other_than_a_public_key_is_403()
    {
        using var actor = await NewActorAsync();
        var notAKey = await StoreAsync(actor, Envelope.Create());
        var envelope = Envelope.Create();
        using var client = SignedBy(Signer(actor) with { ActorText = notAKey.Hash.Hex });

        using var response = await client.PutObjectAsync(envelope);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "a PUT by an actor hash naming an envelope");
        await AssertAbsentAsync(envelope.Hash);
    }

    public static TheoryData<string> InvalidKeys => new()
    {
        "a modulus of zero bytes",
        "an all-zero 2048-bit modulus",
        "a 512-bit modulus",
        "an even modulus",
        "a 4096-bit modulus",
        "an exponent of 0",
        "an exponent of 1",
        "an empty exponent",
        "an exponent of 9 bytes",
        "no modulus",
    };

    /// <summary>
    /// A key object the platform cannot use must refuse the request like any key that does not verify, never answer
    /// 500. The request names the malformed key as its actor and puts that very object, so the store reads the key
    /// from the request; the signature is a real one, by another key, so only the key's form is wrong.
    /// </summary>
    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task A_request_naming_an_invalid_RSA_key_is_403_not_500(string invalidKey)
    {
        using var signer = Actor.Create();
        var key = new RecordBuilder();
        var exponent = invalidKey switch
        {
            "an exponent of 0" => [0],
            "an exponent of 1" => [1],
            "an empty exponent" => [],
            "an exponent of 9 bytes" => Enumerable.Repeat((byte)1, 9).ToArray(),
            _ => new byte[] { 1, 0, 1 },
        };
        var validModulus = RandomNumberGenerator.GetBytes(256);
        validModulus[0] |= 0x80;
        validModulus[^1] |= 1;
        var evenModulus = validModulus.ToArray();
        evenModulus[^1] &= 0xFE;
        key.Add("e").Add(exponent);
        if (invalidKey != "no modulus")
        {
            key.Add("n").Add(invalidKey switch
            {
                "a modulus of zero bytes" => [],
                "an all-zero 2048-bit modulus" => new byte[256],
                "a 512-bit modulus" => validModulus[..64],
                "an even modulus" => evenModulus,
                "a 4096-bit modulus" => [.. validModulus, .. validModulus],
                _ => validModulus,
            });
        }

        var keyObject = key.ToObject();
        using var client = SignedBy(Signer(signer) with { ActorText = keyObject.Hash.Hex });

        await AssertPutAnsweredAsync(client, keyObject, HttpStatusCode.Forbidden, $"a PUT naming a key with {invalidKey}");
    }

    [Fact]
    public async Task A_signed_request_sent_again_within_the_date_window_is_403_and_changes_nothing()
    {
        using var owner = await NewActorAsync();
        var envelope = await StoreAsync(owner, Envelope.Create());
        string? firstSignature = null;
        var replaying = Signer(owner) with
        {
            DateText = RequestSigner.FormatDate(Fixture.Clock.GetUtcNow()),
            RewriteSignature = signature => firstSignature ??= signature,
        };
        using var client = SignedBy(replaying);
        using var add = await client.AddAsync(owner.Hash, Boxes.Private, envelope.Hash);
        await AssertNoContentAsync(add, "the owner's add");
        using var remover = SignedBy(owner);
        using var remove = await remover.RemoveAsync(owner.Hash, Boxes.Private, envelope.Hash);
        await AssertNoContentAsync(remove, "the owner's remove");

        using var replay = await client.AddAsync(owner.Hash, Boxes.Private, envelope.Hash);

        await AssertRefusedAsync(replay, HttpStatusCode.Forbidden, "the add sent again with its signature");
        Assert.Empty(await BoxOfAsync(owner, Boxes.Private));
    }

    [Fact]
    public async Task A_put_authenticates_only_the_key_it_stores_not_another_object()
    {
        using var actor = Actor.Create();
        var envelope = Envelope.Create();
        using var client = SignedBy(actor);

        using var response = await client.PutObjectAsync(envelope);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "a PUT of an envelope by an actor the store does not know");
        await AssertAbsentAsync(envelope.Hash);
    }
}

// A silo of their own rather than the shared Condensation silo: the classes of a collection run one after another,
// and these, the longest of the suite, would double the time of the collection that every run waits for.
[Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class SqliteSignatureTests(SqliteCondensationFixture fixture) : SignatureTests(fixture), IClassFixture<SqliteCondensationFixture>;

[Kind(TestKind.Http), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresSignatureTests(PostgresCondensationFixture fixture) : SignatureTests(fixture), IClassFixture<PostgresCondensationFixture>;

/// <summary>
/// The edges of the accepted window, to the millisecond (the precision of <c>Condensation-Date</c>; the <c>Date</c>
/// header has seconds), on a silo whose clock stands still. Both edges belong to the window.
/// </summary>
[Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class SignatureDateWindowTests(FrozenClockCondensationFixture fixture) : CondensationTestBase(fixture), IClassFixture<FrozenClockCondensationFixture>
{
    [Theory]
    [InlineData(SignatureDate.CondensationDate, -120_000, HttpStatusCode.NoContent)]
    [InlineData(SignatureDate.CondensationDate, -120_001, HttpStatusCode.Forbidden)]
    [InlineData(SignatureDate.CondensationDate, 60_000, HttpStatusCode.NoContent)]
    [InlineData(SignatureDate.CondensationDate, 60_001, HttpStatusCode.Forbidden)]
    [InlineData(SignatureDate.DateHeader, -120_000, HttpStatusCode.NoContent)]
    [InlineData(SignatureDate.DateHeader, -121_000, HttpStatusCode.Forbidden)]
    [InlineData(SignatureDate.DateHeader, 60_000, HttpStatusCode.NoContent)]
    [InlineData(SignatureDate.DateHeader, 61_000, HttpStatusCode.Forbidden)]
    public async Task A_signature_dated_on_an_edge_of_the_window_is_accepted_and_one_just_past_it_is_403(SignatureDate dateIn, int milliseconds, HttpStatusCode status)
    {
        using var actor = await NewActorAsync();
        var envelope = Envelope.Create();
        using var client = SignedBy(Signer(actor) with { DateIn = dateIn, DateShift = TimeSpan.FromMilliseconds(milliseconds) });

        await AssertPutAnsweredAsync(client, envelope, status, $"a PUT signed {milliseconds} ms from the store's time in {dateIn}");
    }
}
