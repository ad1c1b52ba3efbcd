using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// POST /cds/accounts: puts, adds and removes in one request, each by the rules of its single request, all or
/// nothing. A body that is not a modify, or a part of one that is refused, leaves every object and box as it was;
/// each refusal test sends, beside the bad part, a put and an add that would otherwise succeed, and checks that
/// neither happened.
/// </summary>
public abstract class ModifyRequestTests(CondensationFixture fixture) : CondensationTestBase(fixture)
{
    [Fact]
    public async Task A_signed_modify_puts_adds_and_removes_in_one_request()
    {
        using var owner = await NewActorAsync();
        using var recipient = await NewActorAsync();
        var removed = await NewEnvelopeInBoxAsync(owner, Boxes.Public);
        var kept = await NewEnvelopeInBoxAsync(owner, Boxes.Public);
        var card = Envelope.Create();
        var message = Envelope.Create();
        var linked = CdsObject.Create([card.Hash], [1, 2, 3]);
        var body = new ModifyBody()
            .Put(linked)
            .Add(owner.Hash, Boxes.Private, card)
            .Add(recipient.Hash, Boxes.Messages, message)
            .Remove(owner.Hash, Boxes.Public, removed.Hash);
        using var client = SignedBy(owner);

        using var response = await client.ModifyAsync(body.ToObject());

        await AssertNoContentAsync(response, "a modify");
        await AssertStoredAsync(linked);
        await AssertStoredAsync(card);
        await AssertStoredAsync(message);
        Assert.Equal(Set(card.Hash), await BoxOfAsync(owner, Boxes.Private));
        Assert.Equal(Set(kept.Hash), await BoxOfAsync(owner, Boxes.Public));
        Assert.Equal(Set(message.Hash), await BoxOfAsync(recipient, Boxes.Messages));
    }

    [Fact]
    public async Task A_modify_applies_its_removes_after_its_adds()
    {
        using var owner = await NewActorAsync();
        var envelope = Envelope.Create();
        var body = new ModifyBody()
            .Add(owner.Hash, Boxes.Private, envelope)
            .Remove(owner.Hash, Boxes.Private, envelope.Hash);
        using var client = SignedBy(owner);

        using var response = await client.ModifyAsync(body.ToObject());

        await AssertNoContentAsync(response, "a modify that adds and removes the same hash");
        await AssertStoredAsync(envelope);
        Assert.Empty(await BoxOfAsync(owner, Boxes.Private));
    }

    [Fact]
    public async Task A_modify_with_only_an_add_section_is_accepted()
    {
        using var owner = await NewActorAsync();
        var envelope = await StoreAsync(owner, Envelope.Create());
        var record = new RecordBuilder();
        record.Add("add").Add(owner.Hash).Add(Boxes.Public).Add(envelope.Hash);
        using var client = SignedBy(owner);

        using var response = await client.ModifyAsync(record.ToObject());

        await AssertNoContentAsync(response, "a modify with an add section alone");
        Assert.Equal(Set(envelope.Hash), await BoxOfAsync(owner, Boxes.Public));
    }

    [Fact]
    public async Task A_modify_with_empty_sections_is_204()
    {
        using var owner = await NewActorAsync();
        using var client = SignedBy(owner);

        using var response = await client.ModifyAsync(new ModifyBody().ToObject());

        await AssertNoContentAsync(response, "an empty modify");
    }

    [Fact]
    public async Task Objects_under_the_legacy_envelopes_section_are_put_like_those_under_put()
    {
        using var owner = await NewActorAsync();
        var envelope = Envelope.Create();
        var body = new ModifyBody { PutSection = "envelopes" }.Add(owner.Hash, Boxes.Private, envelope);
        using var client = SignedBy(owner);

        using var response = await client.ModifyAsync(body.ToObject());

        await AssertNoContentAsync(response, "a modify with an envelopes section");
        await AssertStoredAsync(envelope);
        Assert.Equal(Set(envelope.Hash), await BoxOfAsync(owner, Boxes.Private));
    }

    [Fact]
    public async Task An_unsigned_modify_that_only_sends_messages_is_accepted()
    {
        using var first = await NewActorAsync();
        using var second = await NewActorAsync();
        var toFirst = Envelope.Create();
        var toBoth = Envelope.OfSize(CondensationFixture.UnsignedEnvelopeBytes);
        var body = new ModifyBody()
            .Add(first.Hash, Boxes.Messages, toFirst)
            .Add(first.Hash, Boxes.Messages, toBoth)
            .Add(second.Hash, Boxes.Messages, toBoth.Hash);
        using var client = Unsigned();

        using var response = await client.ModifyAsync(body.ToObject());

        await AssertNoContentAsync(response, "an unsigned modify of message additions");
        await AssertStoredAsync(toFirst);
        await AssertStoredAsync(toBoth);
        Assert.Equal(Set(toFirst.Hash, toBoth.Hash), await BoxOfAsync(first, Boxes.Messages));
        Assert.Equal(Set(toBoth.Hash), await BoxOfAsync(second, Boxes.Messages));
    }

    public static TheoryData<string> UnsignedRefusals => new()
    {
        "an add to a private box",
        "an add to a public box",
        "a remove from a message box",
        "a remove of a hash the store lacks",
        "a put of an envelope over 16 KiB",
        "an add of a stored envelope over 16 KiB",
    };

    [Theory]
    [MemberData(nameof(UnsignedRefusals))]
    public async Task An_unsigned_modify_with_more_than_small_message_additions_is_403_and_changes_nothing(string part)
    {
        using var owner = await NewActorAsync();
        var inBox = await NewEnvelopeInBoxAsync(owner, Boxes.Messages);
        var large = Envelope.OfSize(CondensationFixture.UnsignedEnvelopeBytes + 1);
        var stored = await StoreAsync(owner, Envelope.Create());
        var message = Envelope.Create();
        var body = new ModifyBody().Add(owner.Hash, Boxes.Messages, message);
        _ = part switch
        {
            "an add to a private box" => body.Add(owner.Hash, Boxes.Private, stored.Hash),
            "an add to a public box" => body.Add(owner.Hash, Boxes.Public, stored.Hash),
            "a remove from a message box" => body.Remove(owner.Hash, Boxes.Messages, inBox.Hash),
            "a remove of a hash the store lacks" => body.Remove(owner.Hash, Boxes.Messages, CdsHash.Random()),
            "a put of an envelope over 16 KiB" => body.Add(owner.Hash, Boxes.Messages, large),
            "an add of a stored envelope over 16 KiB" => body.Add(owner.Hash, Boxes.Messages, (await StoreAsync(owner, large)).Hash),
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, null),
        };
        using var client = Unsigned();

        using var response = await client.ModifyAsync(body.ToObject());

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, $"an unsigned modify with {part}");
        await AssertAbsentAsync(message.Hash);
        Assert.Equal(Set(inBox.Hash), await BoxOfAsync(owner, Boxes.Messages));
        Assert.Empty(await BoxOfAsync(owner, Boxes.Private));
        Assert.Empty(await BoxOfAsync(owner, Boxes.Public));
        if (part == "a put of an envelope over 16 KiB")
        {
            await AssertAbsentAsync(large.Hash);
        }
    }

    [Fact]
    public async Task An_unsigned_modify_that_only_puts_is_403_and_stores_nothing()
    {
        var envelope = Envelope.Create();
        var attachment = CdsObject.WithData(RandomNumberGenerator.GetBytes(1000));
        using var client = Unsigned();

        using var response = await client.ModifyAsync(new ModifyBody().Put(envelope).Put(attachment).ToObject());

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "an unsigned modify of puts alone");
        await AssertAbsentAsync(envelope.Hash);
        await AssertAbsentAsync(attachment.Hash);
    }

    /// <summary>
    /// Objects of 15 KiB, each under the unsigned envelope limit, which together pass the fixture's unsigned request
    /// bound (48 KiB) at four, while a modify body with four of them still fits in the fixture's 64 KiB.
    /// </summary>
    private static CdsObject[] Attachments(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => CdsObject.WithData(RandomNumberGenerator.GetBytes(15 * 1024)))];

    /// <summary>An envelope whose content links to every one of <paramref name="attachments"/>.</summary>
    private static CdsObject EnvelopeLinking(IEnumerable<CdsObject> attachments)
    {
        var record = new RecordBuilder();
        var content = record.Add("content");
        foreach (var attachment in attachments)
        {
            content.Add(RandomNumberGenerator.GetBytes(16), attachment.Hash);
        }

        return record.ToObject();
    }

    [Theory]
    [InlineData(3, HttpStatusCode.NoContent)]
    [InlineData(4, HttpStatusCode.Forbidden)]
    public async Task An_unsigned_modify_may_put_at_most_the_unsigned_request_bytes_with_what_its_envelope_links_to(int attachmentCount, HttpStatusCode status)
    {
        using var owner = await NewActorAsync();
        var attachments = Attachments(attachmentCount);
        var envelope = EnvelopeLinking(attachments);
        var body = attachments.Aggregate(new ModifyBody(), (modify, attachment) => modify.Put(attachment)).Add(owner.Hash, Boxes.Messages, envelope);
        using var client = Unsigned();

        using var response = await client.ModifyAsync(body.ToObject());

        if (status == HttpStatusCode.NoContent)
        {
            await AssertNoContentAsync(response, $"an unsigned message linking {attachmentCount} objects of 15 KiB");
            Assert.Equal(Set(envelope.Hash), await BoxOfAsync(owner, Boxes.Messages));
            return;
        }

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, $"an unsigned message linking {attachmentCount} objects of 15 KiB");
        Assert.Empty(await BoxOfAsync(owner, Boxes.Messages));
        foreach (var attachment in attachments)
        {
            await AssertAbsentAsync(attachment.Hash);
        }
    }

    [Theory]
    [InlineData(3, HttpStatusCode.NoContent)]
    [InlineData(4, HttpStatusCode.Forbidden)]
    public async Task An_unsigned_add_of_a_stored_envelope_counts_the_stored_objects_it_links_to(int attachmentCount, HttpStatusCode status)
    {
        using var owner = await NewActorAsync();
        using var storer = await NewActorAsync();
        var attachments = Attachments(attachmentCount);
        foreach (var attachment in attachments)
        {
            await StoreAsync(storer, attachment);
        }

        var envelope = await StoreAsync(storer, EnvelopeLinking(attachments));
        using var client = Unsigned();

        using var add = await client.AddAsync(owner.Hash, Boxes.Messages, envelope.Hash);
        using var modify = await client.ModifyAsync(new ModifyBody().Add(owner.Hash, Boxes.Messages, envelope.Hash).ToObject());

        var what = $"an unsigned add of a stored envelope linking {attachmentCount} stored objects of 15 KiB";
        if (status == HttpStatusCode.NoContent)
        {
            await AssertNoContentAsync(add, what);
            await AssertNoContentAsync(modify, what + " in a modify");
            Assert.Equal(Set(envelope.Hash), await BoxOfAsync(owner, Boxes.Messages));
            return;
        }

        await AssertRefusedAsync(add, HttpStatusCode.Forbidden, what);
        await AssertRefusedAsync(modify, HttpStatusCode.Forbidden, what + " in a modify");
        Assert.Empty(await BoxOfAsync(owner, Boxes.Messages));
    }

    public static TheoryData<string> SignedRefusals => new()
    {
        "an add to another account's private box",
        "an add to another account's public box",
        "a remove from another account's box of a stored envelope that does not name the actor",
    };

    [Theory]
    [MemberData(nameof(SignedRefusals))]
    public async Task A_signed_modify_with_one_part_the_actor_may_not_do_is_403_and_changes_nothing(string part)
    {
        using var actor = await NewActorAsync();
        using var other = await NewActorAsync();
        var ownBox = await NewEnvelopeInBoxAsync(actor, Boxes.Private);
        var otherBox = await NewEnvelopeInBoxAsync(other, Boxes.Private);
        var put = Envelope.Create();
        var added = Envelope.Create();
        var body = new ModifyBody()
            .Put(put)
            .Add(actor.Hash, Boxes.Private, added)
            .Remove(actor.Hash, Boxes.Private, ownBox.Hash);
        _ = part switch
        {
            "an add to another account's private box" => body.Add(other.Hash, Boxes.Private, put.Hash),
            "an add to another account's public box" => body.Add(other.Hash, Boxes.Public, put.Hash),
            "a remove from another account's box of a stored envelope that does not name the actor" => body.Remove(other.Hash, Boxes.Private, otherBox.Hash),
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, null),
        };
        using var client = SignedBy(actor);

        using var response = await client.ModifyAsync(body.ToObject());

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, $"a modify with {part}");
        await AssertAbsentAsync(put.Hash);
        await AssertAbsentAsync(added.Hash);
        Assert.Equal(Set(ownBox.Hash), await BoxOfAsync(actor, Boxes.Private));
        Assert.Equal(Set(otherBox.Hash), await BoxOfAsync(other, Boxes.Private));
        Assert.Empty(await BoxOfAsync(other, Boxes.Public));
    }

    [Fact]
    public async Task A_modify_may_remove_what_its_actor_may_remove_from_other_accounts()
    {
        using var actor = await NewActorAsync();
        using var other = await NewActorAsync();
        var sent = await StoreAsync(actor, Envelope.Create(updatedBy: [actor.Hash]));
        await AddAsync(actor, other.Hash, Boxes.Messages, sent.Hash);
        var absent = CdsHash.Random();
        await AddAsync(other, other.Hash, Boxes.Private, absent);
        var kept = await NewEnvelopeInBoxAsync(other, Boxes.Private);
        var body = new ModifyBody()
            .Remove(other.Hash, Boxes.Messages, sent.Hash)
            .Remove(other.Hash, Boxes.Private, absent);
        using var client = SignedBy(actor);

        using var response = await client.ModifyAsync(body.ToObject());

        await AssertNoContentAsync(response, "a modify removing a sent envelope and a hash the store lacks");
        Assert.Empty(await BoxOfAsync(other, Boxes.Messages));
        Assert.Equal(Set(kept.Hash), await BoxOfAsync(other, Boxes.Private));
    }

    [Fact]
    public async Task The_actor_key_in_the_put_section_authenticates_that_same_modify()
    {
        using var actor = Actor.Create();
        var envelope = Envelope.Create();
        var body = new ModifyBody()
            .Put(actor.PublicKeyObject)
            .Add(actor.Hash, Boxes.Public, envelope);
        using var client = SignedBy(actor);

        using var response = await client.ModifyAsync(body.ToObject());

        await AssertNoContentAsync(response, "a modify signed by the actor whose key it puts");
        await AssertStoredAsync(actor.PublicKeyObject);
        await AssertStoredAsync(envelope);
        Assert.Equal(Set(envelope.Hash), await BoxOfAsync(actor, Boxes.Public));
    }

    [Theory]
    [InlineData("no key")]
    [InlineData("the key of another actor the store lacks")]
    public async Task A_modify_signed_by_an_actor_whose_key_is_neither_stored_nor_put_is_403_and_changes_nothing(string putSection)
    {
        using var actor = Actor.Create();
        using var stranger = Actor.Create();
        using var owner = await NewActorAsync();
        var envelope = Envelope.Create();
        var body = new ModifyBody().Add(owner.Hash, Boxes.Messages, envelope);
        if (putSection != "no key")
        {
            body.Put(stranger.PublicKeyObject);
        }

        using var client = SignedBy(actor);

        using var response = await client.ModifyAsync(body.ToObject());

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, $"a modify by an unknown actor, putting {putSection}");
        await AssertAbsentAsync(envelope.Hash);
        await AssertAbsentAsync(actor.Hash);
        await AssertAbsentAsync(stranger.Hash);
        Assert.Empty(await BoxOfAsync(owner, Boxes.Messages));
    }

    [Fact]
    public async Task A_signed_modify_may_send_a_message_over_16_KiB()
    {
        using var sender = await NewActorAsync();
        using var recipient = await NewActorAsync();
        var envelope = Envelope.OfSize(CondensationFixture.UnsignedEnvelopeBytes + 1);
        using var client = SignedBy(sender);

        using var response = await client.ModifyAsync(new ModifyBody().Add(recipient.Hash, Boxes.Messages, envelope).ToObject());

        await AssertNoContentAsync(response, "a signed modify sending a message over 16 KiB");
        await AssertStoredAsync(envelope);
        Assert.Equal(Set(envelope.Hash), await BoxOfAsync(recipient, Boxes.Messages));
    }

    public static TheoryData<string> MalformedBodies => new()
    {
        "no bytes",
        "3 bytes",
        "a link count beyond the bytes",
        "data that is not a record",
        "a node length beyond the data",
        "a put key of 31 bytes",
        "a put key of 33 bytes",
        "a put without the object's bytes",
        "a put whose bytes are not an object",
        "a put whose bytes do not hash to its key",
        "an add to an account of 31 bytes",
        "an add to an account of 33 bytes",
        "an add of a hash of 31 bytes",
        "an add to the unknown box inbox",
        "an add to the box Messages in upper case",
        "a remove from the unknown box inbox",
        "a remove of a hash of 33 bytes",
        "a put and add of an object that is not an envelope",
        "an add of a stored object that is not an envelope",
    };

    /// <summary>
    /// A modify body with one thing wrong, next to a put of <paramref name="put"/> and an add of <paramref name="added"/>
    /// to <paramref name="actor"/>'s message box, which a store that accepted the body would make.
    /// </summary>
    private static byte[] MalformedBody(string shape, Actor actor, CdsObject put, CdsObject added, CdsObject notAnEnvelope, CdsObject storedNotAnEnvelope)
    {
        byte[] RawObject(uint count, params byte[] after)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, count);
            return [.. bytes, .. after];
        }

        var body = new ModifyBody().Put(put).Add(actor.Hash, Boxes.Messages, added);
        var record = body.ToRecord();
        switch (shape)
        {
            case "no bytes":
                return [];
            case "3 bytes":
                return [0, 0, 0];
            case "a link count beyond the bytes":
                return [.. RawObject(uint.MaxValue, new byte[32]), .. body.ToObject().Data.Span];
            case "data that is not a record":
                return RawObject(0, 0x80, 0x03, (byte)'p');
            case "a node length beyond the data":
                return RawObject(0, 0x1f, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
            case "a put key of 31 bytes":
                record.Child("put")!.Add(notAnEnvelope.Hash.ToBytes()[..31]).Add(notAnEnvelope.Bytes.Span);
                break;
            case "a put key of 33 bytes":
                record.Child("put")!.Add([.. notAnEnvelope.Hash.ToBytes(), 0]).Add(notAnEnvelope.Bytes.Span);
                break;
            case "a put without the object's bytes":
                record.Child("put")!.Add(notAnEnvelope.Hash);
                break;
            case "a put whose bytes are not an object":
                byte[] notAnObject = [0, 0, 1];
                record.Child("put")!.Add(CdsHash.Of(notAnObject)).Add(notAnObject);
                break;
            case "a put whose bytes do not hash to its key":
                record.Child("put")!.Add(CdsHash.Random()).Add(notAnEnvelope.Bytes.Span);
                break;
            case "an add to an account of 31 bytes":
                record.Child("add")!.Add(actor.Hash.ToBytes()[..31]).Add(Boxes.Messages).Add(CdsHash.Random());
                break;
            case "an add to an account of 33 bytes":
                record.Child("add")!.Add([.. actor.Hash.ToBytes(), 0]).Add(Boxes.Messages).Add(CdsHash.Random());
                break;
            case "an add of a hash of 31 bytes":
                record.Child("add")!.Add(actor.Hash).Add(Boxes.Private).Add(CdsHash.Random().ToBytes()[..31]);
                break;
            case "an add to the unknown box inbox":
                record.Child("add")!.Add(actor.Hash).Add("inbox").Add(CdsHash.Random());
                break;
            case "an add to the box Messages in upper case":
                record.Child("add")!.Add(actor.Hash).Add("Messages").Add(CdsHash.Random());
                break;
            case "a remove from the unknown box inbox":
                record.Child("remove")!.Add(actor.Hash).Add("inbox").Add(CdsHash.Random());
                break;
            case "a remove of a hash of 33 bytes":
                record.Child("remove")!.Add(actor.Hash).Add(Boxes.Private).Add([.. CdsHash.Random().ToBytes(), 0]);
                break;
            case "a put and add of an object that is not an envelope":
                record.Child("put")!.Add(notAnEnvelope.Hash).Add(notAnEnvelope.Bytes.Span);
                record.Child("add")!.Add(actor.Hash).Add(Boxes.Private).Add(notAnEnvelope.Hash);
                break;
            case "an add of a stored object that is not an envelope":
                record.Child("add")!.Add(actor.Hash).Add(Boxes.Public).Add(storedNotAnEnvelope.Hash);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, null);
        }

        return record.ToObject().Bytes.ToArray();
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_modify_is_400_and_changes_nothing(string shape)
    {
        using var actor = await NewActorAsync();
        var inBox = await NewEnvelopeInBoxAsync(actor, Boxes.Messages);
        var put = Envelope.Create();
        var added = Envelope.Create();
        var notAnEnvelope = new RecordBuilder();
        notAnEnvelope.Add("not content").Add(Guid.NewGuid().ToByteArray());
        var storedNotAnEnvelope = new RecordBuilder();
        storedNotAnEnvelope.Add("no content either").Add(Guid.NewGuid().ToByteArray());
        var stored = await StoreAsync(actor, storedNotAnEnvelope.ToObject());
        var body = MalformedBody(shape, actor, put, added, notAnEnvelope.ToObject(), stored);
        using var client = SignedBy(actor);

        using var response = await client.ModifyAsync(body);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, $"a modify with {shape}");
        await AssertAbsentAsync(put.Hash);
        await AssertAbsentAsync(added.Hash);
        await AssertAbsentAsync(notAnEnvelope.ToObject().Hash);
        Assert.Equal(Set(inBox.Hash), await BoxOfAsync(actor, Boxes.Messages));
        Assert.Empty(await BoxOfAsync(actor, Boxes.Private));
        Assert.Empty(await BoxOfAsync(actor, Boxes.Public));
    }

    [Fact]
    public async Task A_modify_body_over_MaxObjectBytes_is_413_and_changes_nothing()
    {
        using var actor = await NewActorAsync();
        var large = Envelope.OfSize(CondensationFixture.MaxObjectBytes - 100);
        var envelope = Envelope.Create();
        var body = new ModifyBody().Put(large).Add(actor.Hash, Boxes.Private, envelope).ToObject();
        Assert.True(body.Length > CondensationFixture.MaxObjectBytes);
        using var client = SignedBy(actor);

        using var response = await client.ModifyAsync(body);

        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, "a modify over MaxObjectBytes");
        await AssertAbsentAsync(large.Hash);
        await AssertAbsentAsync(envelope.Hash);
        Assert.Empty(await BoxOfAsync(actor, Boxes.Private));
    }

    [Fact]
    public async Task Concurrent_modifies_of_one_account_are_all_applied()
    {
        using var owner = await NewActorAsync();
        var removed = Enumerable.Range(0, 10).Select(_ => CdsHash.Random()).ToArray();
        foreach (var hash in removed)
        {
            await AddAsync(owner, owner.Hash, Boxes.Private, hash);
        }

        var envelopes = Enumerable.Range(0, 10).Select(_ => Envelope.Create()).ToArray();

        // Each modify adds one envelope and removes one hash: none may undo or lose another's change.
        await Task.WhenAll(envelopes.Zip(removed, async (envelope, hash) =>
        {
            using var client = SignedBy(owner);
            using var response = await client.ModifyAsync(new ModifyBody().Add(owner.Hash, Boxes.Private, envelope).Remove(owner.Hash, Boxes.Private, hash).ToObject());
            await AssertNoContentAsync(response, "one of concurrent modifies");
        }));

        Assert.Equal(Set([.. envelopes.Select(envelope => envelope.Hash)]), await BoxOfAsync(owner, Boxes.Private));
    }

    [Fact]
    public async Task A_modify_add_wakes_a_watching_list()
    {
        using var owner = await NewActorAsync();
        var envelope = Envelope.Create();
        using var watcher = SignedBy(owner);
        using var sender = Unsigned();

        var watching = watcher.ListAsync(owner.Hash, Boxes.Messages, watch: CondensationFixture.MaxWatch);
        using var sent = await sender.ModifyAsync(new ModifyBody().Add(owner.Hash, Boxes.Messages, envelope).ToObject());

        await AssertNoContentAsync(sent, "an unsigned modify sending a message");
        using var response = await watching;
        Assert.Equal(Set(envelope.Hash), await ReadBoxAsync(response));
    }
}

[Collection(SharedFixtures.SqliteCondensation), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class SqliteModifyRequestTests(SqliteCondensationFixture fixture) : ModifyRequestTests(fixture);

[Collection(SharedFixtures.PostgresCondensation), Kind(TestKind.Http), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresModifyRequestTests(PostgresCondensationFixture fixture) : ModifyRequestTests(fixture);
