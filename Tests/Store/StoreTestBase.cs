using System.Text.Json.Nodes;
using ObjectStore.Client;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Store;

/// <summary>Users, partitions and objects for tests; each test works in partitions of its own.</summary>
public abstract class StoreTestBase(ClusterFixture fixture)
{
    protected const long Owner = 351775001412007;
    protected const long Reader = 1001;
    protected const long Writer = 1002;
    protected const long Stranger = 1003;

    protected StoreCluster Store => fixture.Store;

    protected ObjectStoreClient Client => fixture.Store.Client;

    /// <summary>The silo's storage, for commits sent straight to it, with no partition grain in between.</summary>
    protected IObjectStorage Storage => Store.SiloService<IObjectStorage>();

    /// <summary>A write as a partition grain hands it to the storage.</summary>
    protected PreparedWrite Prepare(string json) => Store.SiloService<ObjectParser>().Parse(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>A new partition of <see cref="Owner"/> where <see cref="Reader"/> may read and <see cref="Writer"/> may write.</summary>
    protected Task<Partition> NewPartitionAsync() =>
        Client.UpsertPartitionAsync(Owner, $"partition-{Guid.NewGuid():N}",
            new UserPermissions(Reader, Permission.Read), new UserPermissions(Writer, Permission.Write));

    protected static ObjectDraft Draft(Partition partition, string sortKey, string payload = "payload") => new(partition.PartitionHash, sortKey)
    {
        Owner = Owner,
        Header = new JsonObject { ["_type"] = "com.example.chat.MessageHeader", ["_version"] = "1.0", ["room"] = "lobby" },
        EncryptedPayload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(payload)),
        CipherSuiteId = "RSA2048_AES256",
        ThreadId = "+ZNefHakKm9vK7WREHHLEn///pEOR60jdA==",
        RotationId = 0,
    };

    protected Task<StoredObject> CreateAsync(Partition partition, string sortKey, string payload = "payload") =>
        Client.CreateAsync(Owner, Draft(partition, sortKey, payload));

    /// <summary>Every entry of the partition's log, for checking that a refused write changed nothing.</summary>
    protected async Task<List<LogEntry>> ReadLogAsync(Partition partition)
    {
        var entries = new List<LogEntry>();
        string? after = null;
        do
        {
            var page = await Client.PageLogAsync(Owner, partition.PartitionHash, new SequenceQuery { After = after });
            entries.AddRange(page.Items);
            after = page.After;
        }
        while (after is not null);

        return entries;
    }

    protected async Task<List<StoredObject>> ReadAllCurrentAsync(Partition partition, int limit = 100)
    {
        var objects = new List<StoredObject>();
        string? after = null;
        do
        {
            var page = await Client.PageAsync(Owner, partition.PartitionHash, new PartitionPageQuery { Limit = limit, After = after });
            objects.AddRange(page.Items);
            after = page.After;
        }
        while (after is not null);

        return objects;
    }
}
