using System.Security.Cryptography.X509Certificates;

namespace ObjectStore.Security;

/// <summary>
/// One end of the mutual TLS on Orleans connections (a silo's section <c>Cluster:Tls</c>, or a front-end service's own
/// settings): the certificate this end presents, from a file or the certificate store, and the authority that must
/// have issued the certificate the other end presents. Checked by <see cref="ClusterTlsOptionsValidator"/>.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string SectionName = "Cluster:Tls";

    /// <summary>
    /// A PFX (PKCS#12) or PEM file with this end's certificate and private key (in a PEM file unless
    /// <see cref="CertificateKeyPath"/> names another file).
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM file of the private key, when <see cref="CertificatePath"/> is a PEM file without it.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>The password of the PFX file, or of the encrypted PEM private key.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The thumbprint of this end's certificate in the <c>My</c> store, instead of <see cref="CertificatePath"/>.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>The store <see cref="CertificateThumbprint"/> is looked up in.</summary>
    public StoreLocation CertificateStoreLocation { get; set; } = StoreLocation.CurrentUser;

    /// <summary>
    /// A PEM or DER file with the certificate of the authority that issues the cluster's certificates: only a peer whose
    /// certificate it issued is let in, not any peer some public authority vouches for.
    /// </summary>
    public string? AuthorityPath { get; set; }

    /// <summary>Whether a certificate is configured, which turns mutual TLS on.</summary>
    public bool IsEnabled => !string.IsNullOrEmpty(CertificatePath) || !string.IsNullOrEmpty(CertificateThumbprint);
}
