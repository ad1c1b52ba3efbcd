using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// A certificate authority of the tests' own, self-signed, and the certificates it issues, written to a temporary
/// folder as the files a deployment holds: the authority's certificate in PEM, each certificate as a PFX with a
/// password and as PEM certificate and key files.
/// </summary>
public sealed class TestAuthority : IDisposable
{
    public const string Password = "test-password";

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2 _authority;
    private readonly string _folder;

    private TestAuthority(X509Certificate2 authority, string folder)
    {
        _authority = authority;
        _folder = folder;
        CertificatePath = Path.Combine(folder, "authority.pem");
        File.WriteAllText(CertificatePath, authority.ExportCertificatePem());
    }

    /// <summary>The authority's certificate (PEM), what <c>Cluster:Tls:AuthorityPath</c> names.</summary>
    public string CertificatePath { get; }

    public static TestAuthority Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return new TestAuthority(request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1)), Directory.CreateTempSubdirectory("objectstore-tls-").FullName);
    }

    /// <summary>A certificate for <paramref name="name"/>, fit for both ends of a TLS connection, as silos' certificates are.</summary>
    public IssuedCertificate Issue(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());

        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(_authority, now.AddMinutes(-1), now.AddHours(12), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        var certificate = new IssuedCertificate(
            Path.Combine(_folder, $"{name}.pfx"), Path.Combine(_folder, $"{name}.pem"), Path.Combine(_folder, $"{name}.key"), withKey.Thumbprint);
        File.WriteAllBytes(certificate.PfxPath, withKey.Export(X509ContentType.Pkcs12, Password));
        File.WriteAllText(certificate.PemPath, withKey.ExportCertificatePem());
        File.WriteAllText(certificate.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    public void Dispose()
    {
        _authority.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>One certificate's files: a PFX protected by <see cref="TestAuthority.Password"/>, and PEM certificate and key.</summary>
public sealed record IssuedCertificate(string PfxPath, string PemPath, string KeyPath, string Thumbprint);
