using System.Text.Json.Nodes;
using ObjectStore.Client;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Sequences;
using ObjectStore.Tests.Infrastructure;
using ObjectStore.Tests.Store;

namespace ObjectStore.Tests.Sequences;

/// <summary>Objects with createdDates of the test's choosing (nanoseconds included), and whole views read through the client.</summary>
public abstract class SequenceTestBase(ClusterFixture fixture) : StoreTestBase(fixture)
{
    /// <summary>
    /// Stores the draft (a first version, or the next of <paramref name="previous"/>) with <paramref name="createdDate"/>
    /// written as given, or none; as the owner.
    /// </summary>
    protected async Task<StoredObject> StoreAsync(ObjectDraft draft, string? createdDate, StoredObject? previous = null)
    {
        var json = JsonNode.Parse(draft.ToJson(previous))!.AsObject();
        json.Remove("createdDate");
        if (createdDate is not null)
        {
            json["createdDate"] = createdDate;
        }

        return (await Client.StoreJsonAsync(Owner, json.ToJsonString())).Object;
    }

    protected static ObjectDraft InThread(ObjectDraft draft, string threadId) => draft with { ThreadId = threadId };

    /// <summary>A thread id of the test's own: the objects of other tests carry another.</summary>
    protected static string NewThreadId() => Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    protected async Task<List<Hash>> ReadViewAsync(long user, Partition partition, SequenceView view, SequenceQuery? query = null)
    {
        var hashes = new List<Hash>();
        await foreach (var stored in Client.ReadPartitionSequenceAsync(user, partition.PartitionHash, view, query))
        {
            hashes.Add(stored.AbsoluteHash);
        }

        return hashes;
    }

    protected async Task<List<Hash>> ReadThreadAsync(long user, string threadId, SequenceView view, SequenceQuery? query = null)
    {
        var hashes = new List<Hash>();
        await foreach (var stored in Client.ReadThreadSequenceAsync(user, threadId, view, query))
        {
            hashes.Add(stored.AbsoluteHash);
        }

        return hashes;
    }
}
