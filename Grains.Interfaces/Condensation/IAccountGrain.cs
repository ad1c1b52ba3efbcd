using Orleans.Concurrency;

namespace ObjectStore.Condensation;

/// <summary>
/// One Condensation account (key: the account hash in hex): its three boxes. It serializes the account's single adds
/// and removes and wakes the lists that watch a box. <c>actor</c> is the signed actor of the request, null when unsigned.
/// </summary>
[Alias("ObjectStore.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>
    /// The box's hashes. When the box is empty and <paramref name="watch"/> is positive, waits up to that long (capped
    /// by configuration) for a hash to arrive. The public box is anyone's to list; the others only the account's actor's.
    /// Interleaves with the account's adds, so that a watching list does not hold up the add it waits for.
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<CondensationHash>> ListAsync(CondensationHash? actor, BoxLabel box, TimeSpan watch, CancellationToken cancellationToken = default);

    /// <summary>Adds a hash to a box: anyone to the message box, only the account's actor to the others.</summary>
    Task AddAsync(CondensationHash? actor, BoxLabel box, CondensationHash hash);

    /// <summary>
    /// Removes a hash from a box: the account's actor, an actor the envelope names under <c>updated by</c>, or anyone
    /// when the store does not hold the envelope.
    /// </summary>
    Task RemoveAsync(CondensationHash? actor, BoxLabel box, CondensationHash hash);
}
