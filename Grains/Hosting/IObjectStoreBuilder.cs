namespace ObjectStore.Hosting;

/// <summary>The object store being added to a silo, returned by <c>AddObjectStore</c>: choose its database next.</summary>
public interface IObjectStoreBuilder
{
    ISiloBuilder Silo { get; }
}
