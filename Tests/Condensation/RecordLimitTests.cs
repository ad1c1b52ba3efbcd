using ObjectStore.Condensation;
using ObjectStore.Errors;
using Record = ObjectStore.Condensation.Record;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// The limits that keep a hostile record from exhausting the silo: each costs its sender a byte a node or a level, so
/// the store counts before it builds.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class RecordLimitTests
{
    [Theory]
    [InlineData(Record.MaxNodes, true)]
    [InlineData(Record.MaxNodes + 1, false)]
    public void A_record_may_hold_at_most_MaxNodes_nodes(int nodes, bool readable)
    {
        // Empty siblings: a flags byte each, 0x80 (a sibling follows) on all but the last.
        var data = Enumerable.Repeat((byte)0x80, nodes - 1).Append((byte)0).ToArray();

        Assert.Equal(readable, ReadsAsRecord(CdsObject.Create([], data)));
    }

    [Theory]
    [InlineData(Record.MaxDepth, true)]
    [InlineData(Record.MaxDepth + 1, false)]
    public void A_record_may_nest_at_most_MaxDepth_levels(int depth, bool readable)
    {
        // Empty nodes: a flags byte each, 0x40 (children follow) on all but the innermost.
        var data = Enumerable.Repeat((byte)0x40, depth - 1).Append((byte)0).ToArray();

        Assert.Equal(readable, ReadsAsRecord(CdsObject.Create([], data)));
    }

    [Fact]
    public void A_modify_may_add_and_remove_at_most_MaxEntries_entries()
    {
        var account = CdsHash.Random();
        var within = new ModifyBody();
        var beyond = new ModifyBody();
        for (var entry = 0; entry < ModifyRequest.MaxEntries; entry++)
        {
            var hash = CdsHash.Random();
            within.Add(account, Boxes.Messages, hash);
            beyond.Add(account, Boxes.Messages, hash);
        }

        beyond.Remove(account, Boxes.Private, CdsHash.Random());

        Assert.Equal(ModifyRequest.MaxEntries, ModifyRequest.Parse(within.ToObject().Bytes.ToArray()).Additions.Count);
        var error = Assert.Throws<InvalidInputException>(() => ModifyRequest.Parse(beyond.ToObject().Bytes.ToArray()));
        Assert.Contains($"at most {ModifyRequest.MaxEntries} entries", error.Message);
    }

    private static bool ReadsAsRecord(CdsObject cdsObject) =>
        CondensationObject.TryParse(cdsObject.Bytes.ToArray(), out var parsed) && parsed.ReadRecord() is not null;
}
