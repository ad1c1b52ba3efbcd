namespace ObjectStore.Hosting;

internal sealed class ObjectStoreBuilder(ISiloBuilder silo) : IObjectStoreBuilder
{
    public ISiloBuilder Silo { get; } = silo;
}
