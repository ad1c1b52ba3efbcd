using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace ObjectStore.Security;

/// <summary>
/// The certificates of one end of the cluster's mutual TLS, loaded from <see cref="ClusterTlsOptions"/>: the one it
/// presents, and the authority that must have issued the other end's.
/// </summary>
public sealed class ClusterCertificates
{
    private const string Section = ClusterTlsOptions.SectionName;

    private ClusterCertificates(X509Certificate2 certificate, X509Certificate2 authority)
    {
        Certificate = certificate;
        Authority = authority;
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2 Authority { get; }

    /// <summary>Loads the certificates that valid <paramref name="options"/> name.</summary>
    /// <exception cref="InvalidOperationException">A certificate cannot be read; the message names its setting.</exception>
    public static ClusterCertificates Load(ClusterTlsOptions options)
    {
        var certificate = string.IsNullOrEmpty(options.CertificateThumbprint)
            ? Read(nameof(options.CertificatePath), () => LoadFile(options.CertificatePath!, options.CertificateKeyPath, options.CertificatePassword))
            : Read(nameof(options.CertificateThumbprint), () => LoadFromStore(options.CertificateThumbprint, options.CertificateStoreLocation));
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"The certificate of {Section} has no private key: it can be shown but not proven.");
        }

        var authority = Read(nameof(options.AuthorityPath), () => LoadPublic(options.AuthorityPath!));
        return new ClusterCertificates(certificate, authority);
    }

    /// <summary>
    /// Makes <paramref name="tls"/> mutual: this end presents <see cref="Certificate"/>, requires the other end's, and
    /// accepts it only if <see cref="Authority"/> issued it. Host names are not checked: the authority issues
    /// certificates to the cluster's silos and trusted services alone, so its signature is what identifies them.
    /// </summary>
    public void ConfigureMutualTls(TlsOptions tls)
    {
        tls.LocalCertificate = Certificate;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (certificate, _, _) => IsIssuedByAuthority(certificate);
    }

    /// <summary>Whether <paramref name="certificate"/> is valid now and chains to <see cref="Authority"/>, and only to it.</summary>
    public bool IsIssuedByAuthority(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);

        // A cluster's own authority seldom publishes revocation lists; a certificate is withdrawn by replacing the authority.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static X509Certificate2 Read(string setting, Func<X509Certificate2> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{Section}:{setting} cannot be read: {e.Message}", e);
        }
    }

    private static X509Certificate2 LoadFile(string path, string? keyPath, string? password)
    {
        if (!IsPem(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }

        using var pem = string.IsNullOrEmpty(password)
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);

        // A key read from PEM is ephemeral, which SslStream on Windows cannot use; through PKCS#12 it works everywhere.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }

    private static X509Certificate2 LoadFromStore(string? thumbprint, StoreLocation location)
    {
        using var store = new X509Store(StoreName.My, location);
        store.Open(OpenFlags.ReadOnly);
        var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint!, validOnly: false);
        return found.Count == 1
            ? found[0]
            : throw new CryptographicException($"The {location} My store holds {found.Count} certificates with thumbprint {thumbprint}; it must hold one.");
    }

    private static X509Certificate2 LoadPublic(string path) =>
        IsPem(path) ? X509Certificate2.CreateFromPem(File.ReadAllText(path)) : X509CertificateLoader.LoadCertificateFromFile(path);

    private static bool IsPem(string path) => File.ReadAllText(path).Contains("-----BEGIN ", StringComparison.Ordinal);
}
