using ObjectStore.Condensation;

namespace ObjectStore.Storage;

/// <summary>The Condensation store's objects and boxes. Every write is one transaction.</summary>
public interface ICondensationStorage
{
    Task<byte[]?> GetObjectAsync(CondensationHash hash, CancellationToken cancellationToken);

    /// <summary>What is known of a stored object without reading its bytes; null when absent.</summary>
    Task<ObjectFacts?> GetFactsAsync(CondensationHash hash, CancellationToken cancellationToken);

    /// <summary>Sets the object's age to <paramref name="now"/>; false when the store does not hold it.</summary>
    Task<bool> BookAsync(CondensationHash hash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The box's hashes in byte order.</summary>
    Task<IReadOnlyList<CondensationHash>> ListAsync(CondensationHash account, BoxLabel box, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the objects (an object already held gets its age reset), adds the entries, then removes the entries,
    /// in one transaction. Additions expire at <paramref name="additionsExpireAt"/> (never when null); adding an entry
    /// again keeps its expiry, except that a never-expiring add makes it never expire.
    /// </summary>
    Task ModifyAsync(IReadOnlyList<VerifiedObject> puts, IReadOnlyList<BoxEntry> additions, IReadOnlyList<BoxEntry> removals,
        DateTimeOffset? additionsExpireAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Drops message box entries whose envelope expired before <paramref name="now"/>, and entries that expired themselves, then removes every object
    /// touched before <paramref name="cutoff"/> that no box entry and no object touched since reaches through links.
    /// </summary>
    Task<CollectionReport> CollectGarbageAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken);
}
