using System.Security.Cryptography;
using System.Text;
using ObjectStore.Objects;

namespace ObjectStore.Tests.Feeds.Unit;

/// <summary>Partitions and log entries for the feed's plain classes, made up without a store.</summary>
internal static class FeedTestData
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Hash PartitionHash(string name) => Hash.FromDigest(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    /// <summary>The entry a write of <paramref name="sortKey"/> appended at <paramref name="sequence"/>; <paramref name="removed"/>: its version is gone since.</summary>
    public static LogEntry Entry(Hash partition, long sequence, string sortKey = "key", bool removed = false)
    {
        var canonical = Encoding.UTF8.GetBytes($$"""{"sequence":{{sequence}},"sortKey":"{{sortKey}}"}""");
        var hash = Hash.FromDigest(SHA256.HashData(canonical));
        var version = new StoredObject(hash, hash, partition, sortKey, ObjectKind.Stored, sequence, canonical);
        return new LogEntry(sequence, hash, hash, sortKey, ObjectKind.Stored, removed ? null : version);
    }

    public static IReadOnlyList<LogEntry> Entries(Hash partition, long from, long through) =>
        [.. Enumerable.Range((int)from, (int)(through - from + 1)).Select(sequence => Entry(partition, sequence))];
}
