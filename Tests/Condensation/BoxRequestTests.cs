using System.Diagnostics;
using System.Net;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Condensation;

/// <summary>Who sends a request in the access tests.</summary>
public enum Caller
{
    /// <summary>The account's own actor.</summary>
    Owner,

    /// <summary>Another actor, whose key the store holds, signing correctly.</summary>
    OtherActor,

    /// <summary>An unsigned request.</summary>
    Nobody,
}

public enum BoxOperation
{
    List,
    Head,
    Add,
    Remove,
}

/// <summary>
/// Boxes: GET/HEAD /cds/accounts/ACCOUNT/BOX lists, PUT …/HASH adds, DELETE …/HASH removes. Who may do what to which
/// box, the list's raw format, which objects a box accepts, and watching lists. Each refusal leaves the box as it was,
/// as its owner lists it.
/// </summary>
public abstract class BoxRequestTests(CondensationFixture fixture) : CondensationTestBase(fixture)
{
    /// <summary>
    /// Every caller, box and operation: anyone lists the public box, only the owner the others; anyone adds to the
    /// message box, only the owner to the others; only the owner removes an envelope that names no one under
    /// <c>updated by</c> and that the store holds.
    /// </summary>
    public static TheoryData<Caller, string, BoxOperation, HttpStatusCode> AccessMatrix
    {
        get
        {
            var matrix = new TheoryData<Caller, string, BoxOperation, HttpStatusCode>();
            foreach (var caller in Enum.GetValues<Caller>())
            {
                foreach (var box in Boxes.All)
                {
                    var isOwner = caller == Caller.Owner;
                    var list = isOwner || box == Boxes.Public ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
                    matrix.Add(caller, box, BoxOperation.List, list);
                    matrix.Add(caller, box, BoxOperation.Head, list);
                    matrix.Add(caller, box, BoxOperation.Add, isOwner || box == Boxes.Messages ? HttpStatusCode.NoContent : HttpStatusCode.Forbidden);
                    matrix.Add(caller, box, BoxOperation.Remove, isOwner ? HttpStatusCode.NoContent : HttpStatusCode.Forbidden);
                }
            }

            return matrix;
        }
    }

    [Theory]
    [MemberData(nameof(AccessMatrix))]
    public async Task Who_may_list_add_to_and_remove_from_which_box(Caller caller, string box, BoxOperation operation, HttpStatusCode status)
    {
        using var owner = await NewActorAsync();
        using var other = await NewActorAsync();
        var inBox = await NewEnvelopeInBoxAsync(owner, box);
        var toAdd = await StoreAsync(owner, Envelope.Create());
        using var client = caller switch
        {
            Caller.Owner => SignedBy(owner),
            Caller.OtherActor => SignedBy(other),
            _ => Unsigned(),
        };
        var what = $"{operation} on the {box} box by {caller}";

        using var response = operation switch
        {
            BoxOperation.List => await client.ListAsync(owner.Hash, box),
            BoxOperation.Head => await client.HeadListAsync(owner.Hash, box),
            BoxOperation.Add => await client.AddAsync(owner.Hash, box, toAdd.Hash),
            _ => await client.RemoveAsync(owner.Hash, box, inBox.Hash),
        };

        var after = Set(inBox.Hash);
        switch (status, operation)
        {
            case (HttpStatusCode.OK, BoxOperation.List):
                Assert.Equal(Set(inBox.Hash), await ReadBoxAsync(response));
                break;
            case (HttpStatusCode.OK, BoxOperation.Head):
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Empty(await response.Content.ReadAsByteArrayAsync());
                break;
            case (HttpStatusCode.NoContent, BoxOperation.Add):
                await AssertNoContentAsync(response, what);
                after = Set(inBox.Hash, toAdd.Hash);
                break;
            case (HttpStatusCode.NoContent, BoxOperation.Remove):
                await AssertNoContentAsync(response, what);
                after = Set();
                break;
            default:
                await AssertRefusedAsync(response, status, what);
                break;
        }

        Assert.Equal(after, await BoxOfAsync(owner, box));
    }

    [Fact]
    public async Task A_list_answers_every_hash_in_the_box_as_raw_32_byte_values()
    {
        using var owner = await NewActorAsync();
        var envelopes = new List<CdsObject>();
        for (var count = 0; count < 3; count++)
        {
            envelopes.Add(await NewEnvelopeInBoxAsync(owner, Boxes.Public));
        }

        using var client = Unsigned();
        using var list = await client.ListAsync(owner.Hash, Boxes.Public);
        using var head = await client.HeadListAsync(owner.Hash, Boxes.Public);

        Assert.Equal(Set([.. envelopes.Select(envelope => envelope.Hash)]), await ReadBoxAsync(list));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(Boxes.Messages)]
    [InlineData(Boxes.Private)]
    [InlineData(Boxes.Public)]
    public async Task An_empty_box_lists_as_204_without_a_body(string box)
    {
        using var owner = await NewActorAsync();
        using var client = SignedBy(owner);

        using var list = await client.ListAsync(owner.Hash, box);
        using var head = await client.HeadListAsync(owner.Hash, box);

        Assert.Equal(HttpStatusCode.NoContent, list.StatusCode);
        Assert.Empty(await list.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NoContent, head.StatusCode);
    }

    [Fact]
    public async Task The_public_box_of_an_account_never_used_lists_as_204()
    {
        using var client = Unsigned();

        using var response = await client.ListAsync(CdsHash.Random(), Boxes.Public);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_box_is_a_set_so_a_hash_added_twice_is_listed_once()
    {
        using var owner = await NewActorAsync();
        var envelope = await NewEnvelopeInBoxAsync(owner, Boxes.Private);

        await AddAsync(owner, owner.Hash, Boxes.Private, envelope.Hash);

        Assert.Equal(Set(envelope.Hash), await BoxOfAsync(owner, Boxes.Private));
    }

    [Fact]
    public async Task A_signed_actor_may_add_a_hash_whose_object_the_store_lacks()
    {
        using var owner = await NewActorAsync();
        using var sender = await NewActorAsync();
        var absent = CdsHash.Random();
        var absentMessage = CdsHash.Random();

        await AddAsync(owner, owner.Hash, Boxes.Private, absent);
        await AddAsync(sender, owner.Hash, Boxes.Messages, absentMessage);

        Assert.Equal(Set(absent), await BoxOfAsync(owner, Boxes.Private));
        Assert.Equal(Set(absentMessage), await BoxOfAsync(owner, Boxes.Messages));
    }

    [Fact]
    public async Task An_unsigned_request_may_not_add_a_hash_whose_object_the_store_lacks()
    {
        using var owner = await NewActorAsync();
        using var anyone = Unsigned();

        using var response = await anyone.AddAsync(owner.Hash, Boxes.Messages, CdsHash.Random());

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "an unsigned add of an envelope the store lacks");
        Assert.Empty(await BoxOfAsync(owner, Boxes.Messages));
    }

    public static TheoryData<string, string> NotEnvelopes
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var box in Boxes.All)
            {
                foreach (var shape in new[] { "a record without content", "content only below another child", "data that is not a record", "no data" })
                {
                    cases.Add(shape, box);
                }
            }

            return cases;
        }
    }

    /// <summary>A stored object that is not an envelope: a record with no <c>content</c> child, or no record at all.</summary>
    private static CdsObject NotAnEnvelope(string shape)
    {
        var record = new RecordBuilder();
        switch (shape)
        {
            case "a record without content":
                record.Add("message").Add(Guid.NewGuid().ToByteArray());
                return record.ToObject();
            case "content only below another child":
                record.Add("envelope").Add("content").Add(Guid.NewGuid().ToByteArray());
                return record.ToObject();
            case "data that is not a record":
                // A node claiming 29 bytes, of which 16 follow.
                return CdsObject.WithData([0x1d, .. Guid.NewGuid().ToByteArray()]);
            case "no data":
                return CdsObject.Create([CdsHash.Random()], []);
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, null);
        }
    }

    [Theory]
    [MemberData(nameof(NotEnvelopes))]
    public async Task Adding_a_stored_object_that_is_not_an_envelope_is_400_and_leaves_the_box_as_it_was(string shape, string box)
    {
        using var owner = await NewActorAsync();
        var inBox = await NewEnvelopeInBoxAsync(owner, box);
        var stored = await StoreAsync(owner, NotAnEnvelope(shape));
        using var client = SignedBy(owner);

        using var response = await client.AddAsync(owner.Hash, box, stored.Hash);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, $"adding {shape} to the {box} box");
        Assert.Equal(Set(inBox.Hash), await BoxOfAsync(owner, box));
    }

    [Fact]
    public async Task An_unsigned_add_of_a_stored_object_that_is_not_an_envelope_is_400()
    {
        using var owner = await NewActorAsync();
        var stored = await StoreAsync(owner, NotAnEnvelope("a record without content"));
        using var client = Unsigned();

        using var response = await client.AddAsync(owner.Hash, Boxes.Messages, stored.Hash);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "an unsigned add of a record without content");
        Assert.Empty(await BoxOfAsync(owner, Boxes.Messages));
    }

    [Theory]
    [InlineData(Caller.Nobody, CondensationFixture.UnsignedEnvelopeBytes, HttpStatusCode.NoContent)]
    [InlineData(Caller.Nobody, CondensationFixture.UnsignedEnvelopeBytes + 1, HttpStatusCode.Forbidden)]
    [InlineData(Caller.OtherActor, CondensationFixture.UnsignedEnvelopeBytes + 1, HttpStatusCode.NoContent)]
    [InlineData(Caller.OtherActor, CondensationFixture.MaxObjectBytes, HttpStatusCode.NoContent)]
    public async Task Only_a_signed_sender_may_add_an_envelope_over_16_KiB_to_a_message_box(Caller sender, int size, HttpStatusCode status)
    {
        using var owner = await NewActorAsync();
        using var other = await NewActorAsync();
        var envelope = await StoreAsync(other, Envelope.OfSize(size));
        using var client = sender == Caller.Nobody ? Unsigned() : SignedBy(other);

        using var response = await client.AddAsync(owner.Hash, Boxes.Messages, envelope.Hash);

        var what = $"adding an envelope of {size} bytes as {sender}";
        if (status == HttpStatusCode.NoContent)
        {
            await AssertNoContentAsync(response, what);
            Assert.Equal(Set(envelope.Hash), await BoxOfAsync(owner, Boxes.Messages));
        }
        else
        {
            await AssertRefusedAsync(response, status, what);
            Assert.Empty(await BoxOfAsync(owner, Boxes.Messages));
        }
    }

    [Theory]
    [InlineData(Boxes.Messages)]
    [InlineData(Boxes.Private)]
    [InlineData(Boxes.Public)]
    public async Task An_actor_named_under_updated_by_may_remove_the_envelope_from_another_account(string box)
    {
        using var owner = await NewActorAsync();
        using var sender = await NewActorAsync();
        var kept = await NewEnvelopeInBoxAsync(owner, box);
        var sent = await StoreAsync(owner, Envelope.Create(updatedBy: [CdsHash.Random(), sender.Hash]));
        await AddAsync(owner, owner.Hash, box, sent.Hash);
        using var client = SignedBy(sender);

        using var response = await client.RemoveAsync(owner.Hash, box, sent.Hash);

        await AssertNoContentAsync(response, "a remove by an actor named under updated by");
        Assert.Equal(Set(kept.Hash), await BoxOfAsync(owner, box));
    }

    public static TheoryData<string> UpdatersNotTheCaller => new()
    {
        "another actor",
        "the caller by its whole 32-byte hash",
        "the caller by 24 bytes of its hash but the first",
        "no one",
    };

    [Theory]
    [MemberData(nameof(UpdatersNotTheCaller))]
    public async Task An_actor_not_named_under_updated_by_may_not_remove_an_envelope_from_another_account(string updatedBy)
    {
        using var owner = await NewActorAsync();
        using var caller = await NewActorAsync();
        var record = new RecordBuilder();
        record.Add("content").Add(Guid.NewGuid().ToByteArray());
        var updaters = record.Add("updated by");
        switch (updatedBy)
        {
            case "another actor":
                updaters.Add(CdsHash.Random().Prefix());
                break;
            case "the caller by its whole 32-byte hash":
                updaters.Add(caller.Hash);
                break;
            case "the caller by 24 bytes of its hash but the first":
                updaters.Add(caller.Hash.ToBytes()[1..25]);
                break;
        }

        var envelope = await StoreAsync(owner, record.ToObject());
        await AddAsync(owner, owner.Hash, Boxes.Messages, envelope.Hash);
        using var client = SignedBy(caller);

        using var response = await client.RemoveAsync(owner.Hash, Boxes.Messages, envelope.Hash);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, $"a remove by an actor when updated by names {updatedBy}");
        Assert.Equal(Set(envelope.Hash), await BoxOfAsync(owner, Boxes.Messages));
    }

    [Fact]
    public async Task An_unsigned_remove_of_an_envelope_that_names_updaters_is_403()
    {
        using var owner = await NewActorAsync();
        using var sender = await NewActorAsync();
        var envelope = await StoreAsync(sender, Envelope.Create(updatedBy: [sender.Hash]));
        await AddAsync(sender, owner.Hash, Boxes.Messages, envelope.Hash);
        using var client = Unsigned();

        using var response = await client.RemoveAsync(owner.Hash, Boxes.Messages, envelope.Hash);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "an unsigned remove of a stored envelope");
        Assert.Equal(Set(envelope.Hash), await BoxOfAsync(owner, Boxes.Messages));
    }

    [Theory]
    [InlineData(Boxes.Messages, Caller.Nobody)]
    [InlineData(Boxes.Private, Caller.Nobody)]
    [InlineData(Boxes.Public, Caller.Nobody)]
    [InlineData(Boxes.Private, Caller.OtherActor)]
    public async Task Anyone_may_remove_a_hash_whose_envelope_the_store_does_not_hold(string box, Caller caller)
    {
        using var owner = await NewActorAsync();
        using var other = await NewActorAsync();
        var kept = await NewEnvelopeInBoxAsync(owner, box);
        var absent = CdsHash.Random();
        await AddAsync(owner, owner.Hash, box, absent);
        using var client = caller == Caller.Nobody ? Unsigned() : SignedBy(other);

        using var response = await client.RemoveAsync(owner.Hash, box, absent);

        await AssertNoContentAsync(response, $"a remove of a hash the store does not hold, by {caller}");
        Assert.Equal(Set(kept.Hash), await BoxOfAsync(owner, box));
    }

    [Fact]
    public async Task Removing_a_hash_that_is_not_in_the_box_is_204_and_changes_nothing()
    {
        using var owner = await NewActorAsync();
        var kept = await NewEnvelopeInBoxAsync(owner, Boxes.Private);
        var elsewhere = await NewEnvelopeInBoxAsync(owner, Boxes.Public);
        using var client = SignedBy(owner);

        using var response = await client.RemoveAsync(owner.Hash, Boxes.Private, elsewhere.Hash);

        await AssertNoContentAsync(response, "a remove of a hash the box lacks");
        Assert.Equal(Set(kept.Hash), await BoxOfAsync(owner, Boxes.Private));
        Assert.Equal(Set(elsewhere.Hash), await BoxOfAsync(owner, Boxes.Public));
    }

    [Theory]
    [InlineData(Boxes.Messages)]
    [InlineData(Boxes.Private)]
    [InlineData(Boxes.Public)]
    public async Task A_watching_list_of_an_empty_box_answers_with_the_hash_added_while_it_waits(string box)
    {
        using var owner = await NewActorAsync();
        var envelope = await StoreAsync(owner, Envelope.Create());
        using var watcher = SignedBy(owner);

        var watching = watcher.ListAsync(owner.Hash, box, watch: CondensationFixture.MaxWatch);
        await AddAsync(box == Boxes.Messages ? null : owner, owner.Hash, box, envelope.Hash);

        using var response = await watching;
        Assert.Equal(Set(envelope.Hash), await ReadBoxAsync(response));
    }

    [Fact]
    public async Task Every_watching_list_of_a_box_is_woken_by_one_add()
    {
        using var owner = await NewActorAsync();
        var envelope = await StoreAsync(owner, Envelope.Create());
        using var ownerWatcher = SignedBy(owner);
        using var publicWatcher = Unsigned();

        var watchingAsOwner = ownerWatcher.ListAsync(owner.Hash, Boxes.Public, watch: CondensationFixture.MaxWatch);
        var watchingAsAnyone = publicWatcher.ListAsync(owner.Hash, Boxes.Public, watch: CondensationFixture.MaxWatch);
        await AddAsync(owner, owner.Hash, Boxes.Public, envelope.Hash);

        using var first = await watchingAsOwner;
        using var second = await watchingAsAnyone;
        Assert.Equal(Set(envelope.Hash), await ReadBoxAsync(first));
        Assert.Equal(Set(envelope.Hash), await ReadBoxAsync(second));
    }

    [Fact]
    public async Task Concurrent_adds_to_one_box_are_all_kept()
    {
        using var owner = await NewActorAsync();
        using var sender = await NewActorAsync();
        var hashes = Enumerable.Range(0, 40).Select(_ => CdsHash.Random()).ToArray();

        // Signed message adds of hashes the store lacks: nothing to check but the box itself, all at once.
        await Task.WhenAll(hashes.Select(hash => AddAsync(sender, owner.Hash, Boxes.Messages, hash)));

        Assert.Equal(Set(hashes), await BoxOfAsync(owner, Boxes.Messages));
    }

    [Fact]
    public async Task A_watching_list_of_a_box_that_is_not_empty_answers_at_once()
    {
        using var owner = await NewActorAsync();
        var inBox = await NewEnvelopeInBoxAsync(owner, Boxes.Messages);
        using var watcher = SignedBy(owner);
        var clock = Stopwatch.StartNew();

        using var response = await watcher.ListAsync(owner.Hash, Boxes.Messages, watch: TimeSpan.FromMinutes(10));

        // Waiting would take the whole MaxWatch; answering a list takes far less.
        Assert.True(clock.Elapsed < CondensationFixture.MaxWatch, $"the list took {clock.Elapsed} with a hash in the box");
        Assert.Equal(Set(inBox.Hash), await ReadBoxAsync(response));
    }

    [Fact]
    public async Task A_watching_list_of_a_box_that_stays_empty_answers_204_when_the_watch_ends()
    {
        using var owner = await NewActorAsync();
        using var watcher = SignedBy(owner);

        using var response = await watcher.ListAsync(owner.Hash, Boxes.Private, watch: TimeSpan.FromMilliseconds(100));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_watch_longer_than_MaxWatch_ends_at_MaxWatch()
    {
        using var client = Unsigned();

        // Were the watch not cut short, the client would give up first and fail the test.
        client.Timeout = CondensationFixture.MaxWatch + TimeSpan.FromSeconds(30);
        using var response = await client.ListAsync(CdsHash.Random(), Boxes.Public, watch: TimeSpan.FromMinutes(10));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}

[Collection(SharedFixtures.SqliteCondensation), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class SqliteBoxRequestTests(SqliteCondensationFixture fixture) : BoxRequestTests(fixture);

[Collection(SharedFixtures.PostgresCondensation), Kind(TestKind.Http), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresBoxRequestTests(PostgresCondensationFixture fixture) : BoxRequestTests(fixture);
