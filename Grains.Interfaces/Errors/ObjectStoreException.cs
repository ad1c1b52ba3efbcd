namespace ObjectStore.Errors;

/// <summary>
/// The base of every domain error of the store. Each subtype has a stable <see cref="Code"/> that the HTTP layer
/// turns into a problem type and a status; the .NET client receives the same types.
/// </summary>
[GenerateSerializer, Alias("ObjectStore.ObjectStoreException")]
public abstract class ObjectStoreException : Exception
{
    protected ObjectStoreException(string message) : base(message)
    {
    }

    public abstract string Code { get; }
}
