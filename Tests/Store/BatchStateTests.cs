using System.Security.Cryptography;
using System.Text;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Store;

/// <summary>The in-memory checks of one batch: each unit sees what the units before it left, and a failing unit leaves nothing.</summary>
[Kind(TestKind.Unit)]
public sealed class BatchStateTests
{
    private static readonly Hash Partition = HashOf("partition");

    private static Hash HashOf(string text) => Hash.FromDigest(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static PreparedWrite Create(string name, string sortKey) =>
        new(ObjectKind.Stored, HashOf(name), Partition, sortKey, null, null, null, null, null, null, Encoding.UTF8.GetBytes(name));

    private static PreparedWrite Update(string name, Hash baseHash, Hash prevHash, string sortKey) =>
        new(ObjectKind.Stored, HashOf(name), Partition, sortKey, baseHash, prevHash, null, null, null, null, Encoding.UTF8.GetBytes(name));

    /// <summary>A batch over an empty partition whose log continues at sequence 11.</summary>
    private static BatchState EmptyPartition() => new(new Dictionary<Hash, long> { [Partition] = 11 },
        new Dictionary<Hash, StoredObject>(), new Dictionary<Hash, SeriesHead>(), new Dictionary<SortKeySlot, SortKeyHolder>(), "2020-06-09T10:08:19.858000000Z");

    [Fact]
    public void A_unit_failing_on_its_second_write_leaves_nothing_and_a_later_unit_takes_what_it_had_taken()
    {
        var state = EmptyPartition();
        var existing = Create("existing", "existing");
        state.Apply([existing], writer: null);

        Assert.Throws<VersionConflictException>(() => state.Apply([Create("doomed", "taken"), Update("stale", existing.SeriesHash, HashOf("not current"), "existing")], writer: null));
        var later = state.Apply([Create("later", "taken")], writer: null);

        Assert.Equal(12, Assert.Single(later).Object.Sequence);
        Assert.Equal([11L, 12L], state.Log.Select(row => row.Sequence));
        Assert.Equal(new[] { existing.AbsoluteHash, HashOf("later") }.Order(), state.AddedObjects.Select(stored => stored.AbsoluteHash).Order());
        Assert.Equal([("taken", HashOf("later")), ("existing", existing.AbsoluteHash)],
            state.TakenSlots.Select(taken => (taken.Slot.SortKey, taken.Holder.AbsoluteHash)).OrderByDescending(taken => taken.SortKey));
        Assert.Equal([(Partition, 13L)], state.AdvancedSequences);
    }

    [Fact]
    public void A_unit_sees_the_versions_and_sort_keys_the_units_before_it_left()
    {
        var state = EmptyPartition();
        var v1 = Create("v1", "first-key");
        state.Apply([v1], writer: null);
        var v2 = Update("v2", v1.SeriesHash, v1.AbsoluteHash, "second-key");
        state.Apply([v2], writer: null);

        Assert.Throws<VersionConflictException>(() => state.Apply([Update("v2-again", v1.SeriesHash, v1.AbsoluteHash, "third-key")], writer: null));
        Assert.Throws<DuplicateSortKeyException>(() => state.Apply([Create("twin", "second-key")], writer: null));
        state.Apply([Create("reuse", "first-key")], writer: null);

        var head = Assert.Single(state.NewHeads, head => head.BaseHash == v1.SeriesHash).Head;
        Assert.Equal((v2.AbsoluteHash, "second-key"), (head.CurrentHash, head.SortKey));
        Assert.Equal(["first-key", "second-key"], state.TakenSlots.Select(taken => taken.Slot.SortKey).Order());
        Assert.Equal("first-key", state.Log[1].PreviousSortKey);
    }
}
