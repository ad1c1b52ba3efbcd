using Microsoft.Extensions.DependencyInjection;

namespace ObjectStore.Client;

public static class ObjectStoreClientBuilderExtensions
{
    /// <summary>Registers <see cref="ObjectStoreClient"/> over this Orleans client.</summary>
    public static IClientBuilder AddObjectStoreClient(this IClientBuilder builder)
    {
        builder.Services.AddSingleton(services => new ObjectStoreClient(services.GetRequiredService<IClusterClient>()));
        return builder;
    }
}
