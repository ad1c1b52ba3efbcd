using System.Text;
using ObjectStore.Errors;

namespace ObjectStore.Condensation;

/// <summary>
/// Reads the body of a modify request: a record object with the sections <c>put</c> (hash → object bytes; the legacy
/// <c>envelopes</c> means the same), <c>add</c> and <c>remove</c> (account → box label → hashes). Hashes are raw 32 bytes.
/// </summary>
public static class ModifyRequest
{
    /// <summary>The most additions and removals together: each may cost a lookup, and they run in one transaction.</summary>
    public const int MaxEntries = 10_000;

    public static BoxModifications Parse(byte[] body)
    {
        if (!CondensationObject.TryParse(body, out var container))
        {
            throw new InvalidInputException("The modify body is not a Condensation object.");
        }

        var record = container.ReadRecord() ?? throw new InvalidInputException("The modify body is not a record.");
        var puts = new List<ObjectUpload>();
        foreach (var entry in Section(record, "put").Concat(Section(record, "envelopes")))
        {
            var hash = ReadHash(entry, "put");
            var bytes = entry.FirstChild?.Bytes.ToArray() ?? throw new InvalidInputException($"The put of {hash} has no object bytes.");
            puts.Add(new ObjectUpload(hash, bytes));
        }

        var additions = ReadEntries(record, "add");
        var removals = ReadEntries(record, "remove");
        if (additions.Count + removals.Count > MaxEntries)
        {
            throw new InvalidInputException(
                $"A modify may add and remove at most {MaxEntries} entries together; this one has {additions.Count + removals.Count}. Split it.");
        }

        return new BoxModifications(puts, additions, removals);
    }

    private static IReadOnlyList<Record> Section(Record record, string label) => record.Child(label)?.Children ?? [];

    private static List<BoxEntry> ReadEntries(Record record, string section)
    {
        var entries = new List<BoxEntry>();
        foreach (var account in Section(record, section))
        {
            var accountHash = ReadHash(account, section);
            foreach (var box in account.Children)
            {
                var label = Encoding.UTF8.GetString(box.Bytes.Span);
                if (!BoxLabels.TryParse(label, out var boxLabel))
                {
                    throw new InvalidInputException($"'{label}' in the {section} section is not a box: expected messages, private or public.");
                }

                entries.AddRange(box.Children.Select(hash => new BoxEntry(accountHash, boxLabel, ReadHash(hash, section))));
            }
        }

        return entries;
    }

    private static CondensationHash ReadHash(Record record, string section) =>
        record.Bytes.Length == CondensationHash.ByteLength
            ? CondensationHash.FromBytes(record.Bytes.Span)
            : throw new InvalidInputException($"A hash in the {section} section is {record.Bytes.Length} bytes, not {CondensationHash.ByteLength}.");
}
