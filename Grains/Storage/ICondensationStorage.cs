using ObjectStore.Condensation;

namespace ObjectStore.Storage;

/// <summary>An object checked against its hash and read for what the store keeps of it.</summary>
public sealed record VerifiedObject(CondensationHash Hash, CondensationObject Object, ObjectFacts Facts);

/// <param name="Kept">Objects the store still holds.</param>
/// <param name="Removed">Objects no box and no recent put or book reached.</param>
/// <param name="ExpiredEnvelopes">Message box entries dropped because their envelope had expired.</param>
[GenerateSerializer, Alias("ObjectStore.CollectionReport")]
public sealed record CollectionReport(
    [property: Id(0)] DateTimeOffset RanAt,
    [property: Id(1)] long Kept,
    [property: Id(2)] long Removed,
    [property: Id(3)] long ExpiredEnvelopes);

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
    /// in one transaction.
    /// </summary>
    Task ModifyAsync(IReadOnlyList<VerifiedObject> puts, IReadOnlyList<BoxEntry> additions, IReadOnlyList<BoxEntry> removals,
        DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Drops message box entries whose envelope expired before <paramref name="now"/>, then removes every object
    /// touched before <paramref name="cutoff"/> that no box entry and no object touched since reaches through links.
    /// </summary>
    Task<CollectionReport> CollectGarbageAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken);
}
