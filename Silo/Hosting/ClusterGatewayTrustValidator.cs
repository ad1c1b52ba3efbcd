using Microsoft.Extensions.Options;
using ObjectStore.Security;

namespace ObjectStore.Silo.Hosting;

/// <summary>
/// Refuses a cluster (PostgreSQL) whose silos listen on the network without mutual TLS, unless the settings say in so
/// many words that the network is private: an Orleans client names the user it acts for, so the gateway must let in
/// trusted services only.
/// </summary>
public sealed class ClusterGatewayTrustValidator(IOptions<ClusterTlsOptions> tls) : IValidateOptions<SiloClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloClusterOptions options) =>
        tls.Value.IsEnabled || options.AllowUnauthenticatedGatewayOnPrivateNetwork
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{ClusterTlsOptions.SectionName}:{nameof(ClusterTlsOptions.CertificatePath)} (or {ClusterTlsOptions.SectionName}:{nameof(ClusterTlsOptions.CertificateThumbprint)}) " +
                $"and {ClusterTlsOptions.SectionName}:{nameof(ClusterTlsOptions.AuthorityPath)} are required for a PostgreSQL cluster: without mutual TLS anyone who reaches " +
                $"the gateway acts as any user. On a network only the silos and trusted services reach, set " +
                $"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.AllowUnauthenticatedGatewayOnPrivateNetwork)}=true instead.");
}
