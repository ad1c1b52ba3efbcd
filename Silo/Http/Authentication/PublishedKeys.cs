using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>
/// The keys an OpenID Connect authority (through its discovery document) or a JWKS URL publishes, fetched by Microsoft's
/// <see cref="ConfigurationManager{T}"/>: on the first token, then every <see cref="JwtOptions.KeyRefreshInterval"/>,
/// and again when a token is signed with a key it does not know (a rotation), at most once per
/// <see cref="JwtOptions.MinimumKeyRefreshInterval"/>. A key removed from the document is refused from the fetch
/// that no longer finds it; a failed fetch keeps the keys the silo had.
/// </summary>
public static class PublishedKeys
{
    /// <summary>The well-known path of an authority's discovery document (OpenID Connect Discovery 1.0, section 4).</summary>
    public const string DiscoveryPath = ".well-known/openid-configuration";

    /// <summary>Null when <paramref name="options"/> name no published keys.</summary>
    public static ConfigurationManager<OpenIdConnectConfiguration>? Create(JwtOptions options)
    {
        if (!options.HasPublishedKeys)
        {
            return null;
        }

        var documents = new LoopbackHttpDocumentRetriever(options.AllowHttpOnLoopback);
        var manager = options.Authority is { } authority
            ? new ConfigurationManager<OpenIdConnectConfiguration>(DiscoveryAddress(authority), new OpenIdConnectConfigurationRetriever(), documents)
            : new ConfigurationManager<OpenIdConnectConfiguration>(options.JwksUrl!.AbsoluteUri, new JwksRetriever(), documents);
        manager.AutomaticRefreshInterval = options.KeyRefreshInterval;
        manager.RefreshInterval = options.MinimumKeyRefreshInterval;
        // Otherwise a key the issuer withdrew (compromised, say) would still be accepted for an hour, from the last
        // configuration that validated a token. A failed fetch keeps the keys the silo had either way.
        manager.UseLastKnownGoodConfiguration = false;
        return manager;
    }

    public static string DiscoveryAddress(Uri authority) =>
        new Uri(authority.AbsoluteUri.EndsWith('/') ? authority : new Uri(authority.AbsoluteUri + "/"), DiscoveryPath).AbsoluteUri;
}
