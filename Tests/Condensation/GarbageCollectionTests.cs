using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ObjectStore.Condensation;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// Garbage collection through the grains of a real cluster, on the silo's fake clock. Collections are store-wide and
/// the clock is the cluster's, so each test makes objects of its own and asserts on them, never on totals; and the
/// class has a cluster of its own, since it moves that clock by grace periods.
/// </summary>
public abstract class GarbageCollectionTests(ClusterFixture fixture)
{
    private readonly CondensationHash _account = Server(CdsHash.Random());

    private StoreCluster Store => fixture.Store;

    private ICondensationStoreGrain Objects => Store.Cluster.Client.GetGrain<ICondensationStoreGrain>(0);

    private IAccountGrain Account => Store.Cluster.Client.GetGrain<IAccountGrain>(_account.Hex);

    private TimeSpan GracePeriod => Store.SiloService<IOptions<CondensationOptions>>().Value.GracePeriod;

    [Fact]
    public async Task Objects_a_box_reaches_through_links_are_kept_and_the_rest_removed_once_the_grace_period_is_over()
    {
        var chain = await PutChainAsync(4);
        var envelope = await PutAsync(Envelope.Create(contentLink: chain[0].Hash));
        await Account.AddAsync(_account, BoxLabel.Private, Server(envelope.Hash));
        var orphans = await PutChainAsync(2);

        await CollectAsync();
        Assert.True(await HoldsAllAsync([envelope, .. chain, .. orphans]), "Within the grace period everything stays.");

        Store.Clock.Advance(GracePeriod + TimeSpan.FromMinutes(1));
        var report = await CollectAsync();

        Assert.True(await HoldsAllAsync([envelope, .. chain]), "Four levels of links from a box entry are kept.");
        Assert.True(await HoldsNoneAsync(orphans));
        Assert.True(report.Removed >= orphans.Count);

        await Account.RemoveAsync(_account, BoxLabel.Private, Server(envelope.Hash));
        await CollectAsync();

        Assert.True(await HoldsNoneAsync([envelope, .. chain]), "Once its box entry is gone, nothing reaches the tree.");
    }

    [Fact]
    public async Task An_object_put_within_the_grace_period_keeps_the_old_objects_it_links_to()
    {
        var old = await PutChainAsync(2);
        Store.Clock.Advance(GracePeriod + TimeSpan.FromMinutes(1));

        var recent = await PutAsync(Node(old[0]));
        await CollectAsync();

        Assert.True(await HoldsAllAsync([recent, .. old]));

        Store.Clock.Advance(GracePeriod + TimeSpan.FromMinutes(1));
        await CollectAsync();

        Assert.True(await HoldsNoneAsync([recent, .. old]));
    }

    [Fact]
    public async Task Booking_an_object_keeps_it_and_what_it_links_to_for_another_grace_period()
    {
        var chain = await PutChainAsync(3);
        Store.Clock.Advance(GracePeriod - TimeSpan.FromMinutes(1));

        Assert.True(await Objects.BookObjectAsync(_account, Server(chain[0].Hash)));
        Store.Clock.Advance(TimeSpan.FromMinutes(2));
        await CollectAsync();

        Assert.True(await HoldsAllAsync(chain), "The book, not the put, starts the grace period.");

        Store.Clock.Advance(GracePeriod);
        await CollectAsync();

        Assert.True(await HoldsNoneAsync(chain));
    }

    [Fact]
    public async Task Entries_an_unsigned_request_added_are_dropped_after_their_lifetime_even_when_the_envelope_names_no_expiry()
    {
        var fromAnyone = await PutAsync(Envelope.Create());
        var fromAnActor = await PutAsync(Envelope.Create());
        var signedAfterwards = await PutAsync(Envelope.Create());
        await Account.AddAsync(actor: null, BoxLabel.Messages, Server(fromAnyone.Hash));
        await Account.AddAsync(actor: null, BoxLabel.Messages, Server(signedAfterwards.Hash));
        await Account.AddAsync(_account, BoxLabel.Messages, Server(fromAnActor.Hash));
        await Account.AddAsync(_account, BoxLabel.Messages, Server(signedAfterwards.Hash));

        Store.Clock.Advance(new CondensationOptions().UnsignedEntryLifetime + TimeSpan.FromMinutes(1));
        await CollectAsync();

        Assert.Equal(new[] { fromAnActor.Hash, signedAfterwards.Hash }.Select(Server).Order(), await ListAsync(BoxLabel.Messages));
        await CollectAsync();
        Assert.True(await HoldsNoneAsync([fromAnyone]), "Dropped from its box and past its grace period, the envelope is garbage.");
    }

    [Fact]
    public async Task Expired_envelopes_are_dropped_from_message_boxes_and_then_removed()
    {
        var now = Store.Clock.GetUtcNow();
        var expiring = await PutAsync(Envelope.Create(expires: now + TimeSpan.FromMinutes(1)));
        var lasting = await PutAsync(Envelope.Create(expires: now + TimeSpan.FromDays(1)));
        var timeless = await PutAsync(Envelope.Create());
        var privateCopy = await PutAsync(Envelope.Create(expires: now + TimeSpan.FromMinutes(1)));
        foreach (var envelope in new[] { expiring, lasting, timeless })
        {
            await Account.AddAsync(actor: null, BoxLabel.Messages, Server(envelope.Hash));
        }

        await Account.AddAsync(_account, BoxLabel.Private, Server(privateCopy.Hash));

        Store.Clock.Advance(TimeSpan.FromMinutes(2));
        var report = await CollectAsync();

        Assert.True(report.ExpiredEnvelopes >= 1);
        Assert.Equal(new[] { lasting.Hash, timeless.Hash }.Select(Server).Order(), await ListAsync(BoxLabel.Messages));
        Assert.Equal([Server(privateCopy.Hash)], await ListAsync(BoxLabel.Private));
        Assert.True(await HoldsAllAsync([expiring]), "Dropped from its box, the envelope is still within its grace period.");

        Store.Clock.Advance(GracePeriod);
        await CollectAsync();

        Assert.True(await HoldsNoneAsync([expiring]));
        Assert.True(await HoldsAllAsync([lasting, timeless, privateCopy]));
    }

    [Fact]
    public async Task A_book_while_a_collection_walks_the_store_keeps_the_whole_tree()
    {
        var booked = await PutChainAsync(3);
        var untouched = await PutChainAsync(3);
        Store.Clock.Advance(GracePeriod + TimeSpan.FromMinutes(1));

        await CollectRacingAsync(async () => Assert.True(await Objects.BookObjectAsync(_account, Server(booked[0].Hash))));

        Assert.True(await HoldsAllAsync(booked));
        Assert.True(await HoldsNoneAsync(untouched), "The same tree without the book is collected.");
    }

    [Fact]
    public async Task A_put_while_a_collection_walks_the_store_keeps_the_old_objects_it_links_to()
    {
        var linked = await PutChainAsync(3);
        var untouched = await PutChainAsync(3);
        Store.Clock.Advance(GracePeriod + TimeSpan.FromMinutes(1));
        var recent = Node(linked[0]);

        await CollectRacingAsync(() => PutAsync(recent));

        Assert.True(await HoldsAllAsync([recent, .. linked]));
        Assert.True(await HoldsNoneAsync(untouched));
    }

    [Fact]
    public async Task An_add_while_a_collection_walks_the_store_keeps_the_envelope_and_its_links()
    {
        var chain = await PutChainAsync(3);
        var envelope = await PutAsync(Envelope.Create(contentLink: chain[0].Hash));
        var untouched = await PutChainAsync(3);
        Store.Clock.Advance(GracePeriod + TimeSpan.FromMinutes(1));

        await CollectRacingAsync(() => Account.AddAsync(actor: null, BoxLabel.Messages, Server(envelope.Hash)));

        Assert.True(await HoldsAllAsync([envelope, .. chain]));
        Assert.True(await HoldsNoneAsync(untouched));
    }

    [Fact]
    public async Task An_object_put_while_a_collection_walks_the_store_keeps_what_it_links_to_though_the_walk_marked_it_before_it_arrived()
    {
        var old = await PutChainAsync(2);
        Store.Clock.Advance(GracePeriod + TimeSpan.FromMinutes(1));
        var late = Node(old[0]);
        var recent = await PutAsync(Node(late));

        // The walk reaches the late object as a link of the recent one while the store does not hold it yet.
        await CollectRacingAsync(() => PutAsync(late));

        Assert.True(await HoldsAllAsync([recent, late, .. old]));
    }

    /// <summary>Collects with <paramref name="write"/> committed after the unlocked walk and before the sweep.</summary>
    private async Task CollectRacingAsync(Func<Task> write)
    {
        var storage = (RelationalCondensationStorage)Store.SiloService<ICondensationStorage>();
        var now = Store.Clock.GetUtcNow();
        var wrote = false;
        await storage.CollectGarbageAsync(now, now - GracePeriod, afterMark: async () =>
        {
            await write();
            wrote = true;
        }, CancellationToken.None);
        Assert.True(wrote);
    }

    private Task<CollectionReport> CollectAsync() => Store.Cluster.Client.GetGrain<ICondensationCollectorGrain>(0).CollectAsync();

    private async Task<IReadOnlyList<CondensationHash>> ListAsync(BoxLabel box) =>
        await Account.ListAsync(_account, box, TimeSpan.Zero);

    /// <summary>Puts a chain of <paramref name="length"/> objects, each linking the next; the head comes first.</summary>
    private async Task<IReadOnlyList<CdsObject>> PutChainAsync(int length)
    {
        var chain = new List<CdsObject> { await PutAsync(Node()) };
        while (chain.Count < length)
        {
            chain.Insert(0, await PutAsync(Node(chain[0])));
        }

        return chain;
    }

    private async Task<CdsObject> PutAsync(CdsObject cdsObject)
    {
        await Objects.PutObjectAsync(_account, Server(cdsObject.Hash), cdsObject.Bytes.ToArray());
        return cdsObject;
    }

    private async Task<bool> HoldsAllAsync(IEnumerable<CdsObject> objects)
    {
        foreach (var cdsObject in objects)
        {
            if (await Objects.GetObjectAsync(Server(cdsObject.Hash)) is null)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<bool> HoldsNoneAsync(IEnumerable<CdsObject> objects)
    {
        foreach (var cdsObject in objects)
        {
            if (await Objects.GetObjectAsync(Server(cdsObject.Hash)) is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An object with random data linking <paramref name="links"/>.</summary>
    private static CdsObject Node(params CdsObject[] links) => CdsObject.Create(links.Select(link => link.Hash), RandomNumberGenerator.GetBytes(16));

    private static CondensationHash Server(CdsHash hash) => CondensationHash.FromBytes(hash.ToBytes());
}

[Kind(TestKind.Cluster), Backend(StorageProvider.Sqlite)]
public sealed class SqliteGarbageCollectionTests(SqliteClusterFixture fixture) : GarbageCollectionTests(fixture), IClassFixture<SqliteClusterFixture>;

[Kind(TestKind.Cluster), Backend(StorageProvider.PostgreSql)]
public sealed class PostgresGarbageCollectionTests(PostgresClusterFixture fixture) : GarbageCollectionTests(fixture), IClassFixture<PostgresClusterFixture>;
