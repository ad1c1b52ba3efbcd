namespace ObjectStore.Condensation;

/// <summary>
/// The objects of the Condensation store, and modify requests. Objects are content-addressed, so they need no single
/// writer: any activation serves any request. <c>actor</c> is the signed actor of the request, null when unsigned.
/// </summary>
[Alias("ObjectStore.ICondensationStoreGrain")]
public interface ICondensationStoreGrain : IGrainWithIntegerKey
{
    /// <summary>The object's bytes, or null when the store does not hold it. Anyone may read objects.</summary>
    Task<byte[]?> GetObjectAsync(CondensationHash hash);

    /// <summary>Stores an object (again: storing it resets its age). Needs a signed actor.</summary>
    /// <exception cref="Errors.InvalidInputException">The bytes are not an object, or their SHA-256 is not <paramref name="hash"/>.</exception>
    Task PutObjectAsync(CondensationHash? actor, CondensationHash hash, byte[] bytes);

    /// <summary>Resets the age of an object the store holds; false when it does not hold it. Needs a signed actor.</summary>
    Task<bool> BookObjectAsync(CondensationHash? actor, CondensationHash hash);

    /// <summary>Stores the objects, adds and removes the entries, all in one transaction or not at all.</summary>
    Task ModifyAsync(CondensationHash? actor, BoxModifications modifications);
}
