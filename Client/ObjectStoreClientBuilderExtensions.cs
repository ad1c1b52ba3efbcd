using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ObjectStore.Security;

namespace ObjectStore.Client;

public static class ObjectStoreClientBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="ObjectStoreClient"/> over this Orleans client, whose calls carry the caller's span to the
    /// silos: a front-end service's trace goes on through the grains and their database commands.
    /// </summary>
    public static IClientBuilder AddObjectStoreClient(this IClientBuilder builder)
    {
        builder.Services.AddSingleton(services => new ObjectStoreClient(services.GetRequiredService<IClusterClient>()));
        builder.AddActivityPropagation();
        return builder;
    }

    /// <summary>
    /// Connects with mutual TLS, as a cluster with <c>Cluster:Tls</c> requires: this service presents the certificate
    /// <paramref name="options"/> names, which the cluster's authority must have issued, and accepts a silo only if
    /// that same authority (<see cref="ClusterTlsOptions.AuthorityPath"/>) issued the silo's certificate.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options name no certificate, or a file that is not there.</exception>
    /// <exception cref="InvalidOperationException">A certificate cannot be read.</exception>
    public static IClientBuilder UseObjectStoreTls(this IClientBuilder builder, ClusterTlsOptions options)
    {
        var result = new ClusterTlsOptionsValidator().Validate(Options.DefaultName, options);
        if (!options.IsEnabled)
        {
            result = ValidateOptionsResult.Fail([.. result.Failures ?? [],
                $"{ClusterTlsOptions.SectionName}:{nameof(options.CertificatePath)} or {ClusterTlsOptions.SectionName}:{nameof(options.CertificateThumbprint)} is required: the cluster lets in only services that present a certificate."]);
        }

        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ClusterTlsOptions), result.Failures);
        }

        return builder.UseTls(ClusterCertificates.Load(options).ConfigureMutualTls);
    }
}
