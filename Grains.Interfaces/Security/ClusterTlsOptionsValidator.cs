using Microsoft.Extensions.Options;

namespace ObjectStore.Security;

/// <summary>
/// Refuses TLS settings that name no certificate or two, name files that are not there, or trust no authority, naming
/// each by its key. Half a configuration is refused rather than ignored: settings that look like TLS but leave it off
/// would leave the gateway open while the operator thinks it closed.
/// </summary>
public sealed class ClusterTlsOptionsValidator : IValidateOptions<ClusterTlsOptions>
{
    private const string Section = ClusterTlsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ClusterTlsOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (!options.IsEnabled)
        {
            if (!string.IsNullOrEmpty(options.AuthorityPath) || !string.IsNullOrEmpty(options.CertificateKeyPath) || !string.IsNullOrEmpty(options.CertificatePassword))
            {
                result.AddError($"{Section}:{nameof(options.CertificatePath)} or {Section}:{nameof(options.CertificateThumbprint)} is required when other {Section} settings are given: without a certificate TLS is off.");
            }

            return result.Build();
        }

        if (!string.IsNullOrEmpty(options.CertificatePath) && !string.IsNullOrEmpty(options.CertificateThumbprint))
        {
            result.AddError($"{Section}:{nameof(options.CertificatePath)} and {Section}:{nameof(options.CertificateThumbprint)} name two certificates; give one.");
        }

        if (string.IsNullOrEmpty(options.AuthorityPath))
        {
            result.AddError($"{Section}:{nameof(options.AuthorityPath)} is required with a certificate: the authority whose certificates the other end must present.");
        }

        foreach (var (setting, path) in new[]
        {
            (nameof(options.CertificatePath), options.CertificatePath),
            (nameof(options.CertificateKeyPath), options.CertificateKeyPath),
            (nameof(options.AuthorityPath), options.AuthorityPath),
        })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                result.AddError($"{Section}:{setting} names a file that does not exist: {path}.");
            }
        }

        return result.Build();
    }
}
