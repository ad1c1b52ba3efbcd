namespace ObjectStore.Tests.Condensation;

/// <summary>
/// The body of a modify request (POST /accounts): a record object without links, with the sections
/// <c>put</c> → object hash (32 raw bytes) → object bytes, <c>add</c> → account hash → box label → envelope hashes,
/// and <c>remove</c> shaped like <c>add</c>. Like the reference client it writes all three sections, empty or not.
/// </summary>
public sealed class ModifyBody
{
    private readonly List<(CdsHash Key, byte[] Bytes)> _puts = [];
    private readonly List<(CdsHash Account, string Box, CdsHash Hash)> _additions = [];
    private readonly List<(CdsHash Account, string Box, CdsHash Hash)> _removals = [];

    /// <summary>The section name under which objects are put; the legacy name <c>envelopes</c> means the same.</summary>
    public string PutSection { get; init; } = "put";

    public ModifyBody Put(CdsObject cdsObject) => Put(cdsObject.Hash, cdsObject.Bytes.Span);

    /// <summary>Puts any bytes under any key, to check what the store makes of bytes that are not what the key names.</summary>
    public ModifyBody Put(CdsHash key, ReadOnlySpan<byte> bytes)
    {
        _puts.Add((key, bytes.ToArray()));
        return this;
    }

    public ModifyBody Add(CdsHash account, string box, CdsHash hash)
    {
        _additions.Add((account, box, hash));
        return this;
    }

    /// <summary>Puts an envelope and adds it to a box, as a client sends a message.</summary>
    public ModifyBody Add(CdsHash account, string box, CdsObject envelope) => Put(envelope).Add(account, box, envelope.Hash);

    public ModifyBody Remove(CdsHash account, string box, CdsHash hash)
    {
        _removals.Add((account, box, hash));
        return this;
    }

    /// <summary>The body as a record, for a test to add what no well-formed body holds before it writes the object.</summary>
    public RecordBuilder ToRecord()
    {
        var record = new RecordBuilder();
        var puts = record.Add(PutSection);
        foreach (var (key, bytes) in _puts)
        {
            puts.Add(key).Add(bytes);
        }

        WriteEntries(record.Add("add"), _additions);
        WriteEntries(record.Add("remove"), _removals);
        return record;
    }

    public CdsObject ToObject() => ToRecord().ToObject();

    /// <summary>Entries grouped by account, then by box, each in order of first appearance.</summary>
    private static void WriteEntries(RecordNode section, List<(CdsHash Account, string Box, CdsHash Hash)> entries)
    {
        foreach (var account in entries.GroupBy(entry => entry.Account))
        {
            var accountNode = section.Add(account.Key);
            foreach (var box in account.GroupBy(entry => entry.Box, StringComparer.Ordinal))
            {
                var boxNode = accountNode.Add(box.Key);
                foreach (var entry in box)
                {
                    boxNode.Add(entry.Hash);
                }
            }
        }
    }
}
