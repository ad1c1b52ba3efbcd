namespace ObjectStore.Tests.Infrastructure;

/// <summary>User ids for tests that assert everything a user may see on a shared store (what it may read, not one partition).</summary>
public static class TestUsers
{
    /// <summary>An id no other test uses: far above the fixed ids of the test bases, drawn from a range of 80 billion.</summary>
    public static long Unique() => Random.Shared.NextInt64(10_000_000_000, 90_000_000_000);
}
