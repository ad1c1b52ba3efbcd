using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ObjectStore.Objects;

namespace ObjectStore.Tests.Objects;

/// <summary>The per-silo cache of objects read by absolute hash stays within its byte budget, dropping the least recently used.</summary>
[Kind(TestKind.Unit)]
public sealed class ObjectCacheTests
{
    private const int BodyBytes = 1000;

    private static readonly long EntryCost = ObjectCache.CostOf(Version(0));

    private static ObjectCache CacheOf(long entries) => new(Options.Create(new ReadOptions { CacheBytes = entries * EntryCost }));

    private static StoredObject Version(int number, int bodyBytes = BodyBytes)
    {
        var hash = Hash.FromDigest(SHA256.HashData(BitConverter.GetBytes(number)));
        return new StoredObject(hash, hash, hash, "sort-key", ObjectKind.Stored, number, new byte[bodyBytes]);
    }

    [Fact]
    public void Filling_it_past_its_budget_keeps_the_most_recent_entries_within_the_budget()
    {
        var cache = CacheOf(entries: 10);

        for (var number = 0; number < 30; number++)
        {
            cache.Add(Version(number));
            Assert.True(cache.Bytes <= 10 * EntryCost, $"{cache.Bytes} bytes held after {number + 1} adds, over the budget of {10 * EntryCost}");
        }

        Assert.Equal(10 * EntryCost, cache.Bytes);
        Assert.All(Enumerable.Range(20, 10), number => Assert.True(cache.TryGet(Version(number).AbsoluteHash, out _)));
        Assert.All(Enumerable.Range(0, 20), number => Assert.False(cache.TryGet(Version(number).AbsoluteHash, out _)));
    }

    [Fact]
    public void A_read_entry_outlives_those_read_less_recently()
    {
        var cache = CacheOf(entries: 3);
        cache.Add(Version(1));
        cache.Add(Version(2));
        cache.Add(Version(3));

        Assert.True(cache.TryGet(Version(1).AbsoluteHash, out var first));
        cache.Add(Version(4));

        Assert.Equal(Version(1).AbsoluteHash, first.AbsoluteHash);
        Assert.True(cache.TryGet(Version(1).AbsoluteHash, out _));
        Assert.False(cache.TryGet(Version(2).AbsoluteHash, out _));
        Assert.True(cache.TryGet(Version(4).AbsoluteHash, out _));
    }

    [Fact]
    public void An_object_larger_than_the_budget_is_not_kept_and_evicts_nothing()
    {
        var cache = CacheOf(entries: 3);
        cache.Add(Version(1));

        cache.Add(Version(2, bodyBytes: (int)(4 * EntryCost)));

        Assert.False(cache.TryGet(Version(2).AbsoluteHash, out _));
        Assert.True(cache.TryGet(Version(1).AbsoluteHash, out _));
        Assert.Equal(EntryCost, cache.Bytes);
    }

    [Fact]
    public void Adding_an_entry_again_or_removing_it_counts_its_bytes_once()
    {
        var cache = CacheOf(entries: 3);

        cache.Add(Version(1));
        cache.Add(Version(1));
        Assert.Equal(EntryCost, cache.Bytes);

        cache.Remove(Version(1).AbsoluteHash);
        cache.Remove(Version(1).AbsoluteHash);
        Assert.Equal(0, cache.Bytes);
        Assert.False(cache.TryGet(Version(1).AbsoluteHash, out _));
    }

    [Fact]
    public void A_budget_of_zero_keeps_nothing()
    {
        var cache = CacheOf(entries: 0);

        cache.Add(Version(1));

        Assert.False(cache.TryGet(Version(1).AbsoluteHash, out _));
        Assert.Equal(0, cache.Bytes);
    }
}
