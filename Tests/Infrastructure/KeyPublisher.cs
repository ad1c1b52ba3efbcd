using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// An identity provider's key publication, served by the test itself on Kestrel, http on loopback: a JWKS document
/// (<see cref="JwksUrl"/>) whose keys the test replaces at will, and an OpenID Connect discovery document
/// (<see cref="Authority"/>) naming <see cref="Authority"/> as the issuer and the JWKS document as its keys.
/// </summary>
public sealed class KeyPublisher : IAsyncDisposable
{
    private readonly WebApplication _app;
    private string _document = """{"keys":[]}""";

    private KeyPublisher(WebApplication app) => _app = app;

    /// <summary>The publisher's base address, known once Kestrel has chosen its port.</summary>
    public Uri Authority => new(_app.Urls.Single().TrimEnd('/') + "/");

    public Uri JwksUrl => new(Authority, "keys/jwks.json");

    /// <summary>The <c>iss</c> the discovery document names.</summary>
    public string Issuer => Authority.AbsoluteUri;

    public static async Task<KeyPublisher> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--Urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        var app = builder.Build();
        var publisher = new KeyPublisher(app);
        app.MapGet("/keys/jwks.json", () => Results.Text(Volatile.Read(ref publisher._document), "application/json"));
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = publisher.Issuer,
            ["jwks_uri"] = publisher.JwksUrl.AbsoluteUri,
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256", "ES256"),
        }));
        await app.StartAsync();
        return publisher;
    }

    /// <summary>Replaces the published keys by the public halves of <paramref name="keys"/>, each under its <see cref="SecurityKey.KeyId"/>.</summary>
    public void Publish(params SecurityKey[] keys) =>
        Volatile.Write(ref _document, new JsonObject { ["keys"] = new JsonArray([.. keys.Select(PublicJwk)]) }.ToJsonString());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A key's public parameters as a JSON Web Key (RFC 7518, section 6): never its private ones.</summary>
    private static JsonObject PublicJwk(SecurityKey key)
    {
        var jwk = new JsonObject { ["kid"] = key.KeyId, ["use"] = "sig" };
        switch (key)
        {
            case RsaSecurityKey rsa:
                var parameters = rsa.Rsa.ExportParameters(includePrivateParameters: false);
                jwk["kty"] = "RSA";
                jwk["n"] = Base64UrlEncoder.Encode(parameters.Modulus);
                jwk["e"] = Base64UrlEncoder.Encode(parameters.Exponent);
                break;
            case ECDsaSecurityKey ec:
                var point = ec.ECDsa.ExportParameters(includePrivateParameters: false);
                jwk["kty"] = "EC";
                jwk["crv"] = ec.ECDsa.KeySize switch { 256 => "P-256", 384 => "P-384", 521 => "P-521", var size => throw new ArgumentException($"No JWK curve of {size} bits.") };
                jwk["x"] = Base64UrlEncoder.Encode(point.Q.X);
                jwk["y"] = Base64UrlEncoder.Encode(point.Q.Y);
                break;
            default:
                throw new ArgumentException($"Only RSA and EC keys are published, not {key.GetType().Name}.", nameof(key));
        }

        return jwk;
    }
}
