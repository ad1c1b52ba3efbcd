using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ObjectStore.Silo.Hosting;

namespace ObjectStore.Tests.Http;

/// <summary>
/// The <c>Authentication</c> settings as the real host reads them: each documented case (a pod's issuer, Allegro's
/// multi-tenant tokens, keys with ids, a JWKS URL, an authority) starts, and a bad key or contradictory settings stop
/// the host at start with a message naming the setting.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class TokenSettingsTests
{
    private static readonly string RsaPem = RSA.Create(2048).ExportSubjectPublicKeyInfoPem();
    private static readonly string EcPem = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem();

    public static TheoryData<string, string[]> ValidCases => new()
    {
        { "a pod's identity provider: issuer and public keys", ["--Authentication:Issuer=https://pod.example/idm", $"--Authentication:PublicKeys:0={RsaPem}"] },
        { "Allegro's multi-tenant tokens", ["--Authentication:UserIdClaim=userId", "--Authentication:ValidateIssuer=false", "--Authentication:Issuer=",
            $"--Authentication:PublicKeys:0:Key={RsaPem}", "--Authentication:PublicKeys:0:KeyId=tenant-1"] },
        { "an OpenID Connect authority, whose discovery document names the issuer", ["--Authentication:Authority=https://login.example/realm"] },
        { "a JWKS URL and an issuer", ["--Authentication:Issuer=https://idp.example", "--Authentication:JwksUrl=https://idp.example/keys"] },
        { "a JWKS URL on loopback http, relaxed for tests", ["--Authentication:Issuer=tests", "--Authentication:JwksUrl=http://127.0.0.1:8080/jwks.json",
            "--Authentication:AllowHttpOnLoopback=true"] },
    };

    [Theory]
    [MemberData(nameof(ValidCases))]
    public async Task A_documented_case_starts(string name, string[] settings)
    {
        await using var app = Create(settings);

        Assert.True(Bearer(app.Services).TokenValidationParameters is not null, name);
    }

    [Fact]
    public async Task Keys_given_as_text_and_keys_with_ids_both_reach_the_token_handler_under_their_ids()
    {
        await using var app = Create(["--Authentication:Issuer=tests", $"--Authentication:PublicKeys:0={RsaPem}",
            $"--Authentication:PublicKeys:1:Key={EcPem}", "--Authentication:PublicKeys:1:KeyId=tenant-ec"]);

        var keys = Bearer(app.Services).TokenValidationParameters.IssuerSigningKeys.Where(key => key is not SymmetricSecurityKey).ToList();

        Assert.Collection(keys,
            key => Assert.True(key is RsaSecurityKey { KeyId: null }),
            key => Assert.True(key is ECDsaSecurityKey { KeyId: "tenant-ec" }));
    }

    public static TheoryData<string, string[]> RefusedCases => new()
    {
        { "Authentication:PublicKeys:0 is neither an RSA nor an EC public key", ["--Authentication:PublicKeys:0=-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----"] },
        { "Authentication:PublicKeys:0 is neither an RSA nor an EC public key", ["--Authentication:PublicKeys:0:Key=no-such-key.pem"] },
        { "Authentication:PublicKeys:0:Key is required", ["--Authentication:PublicKeys:0:KeyId=tenant-1"] },
        { "Authentication:PublicKeys name the key id 'tenant-1' 2 times", [$"--Authentication:PublicKeys:0:Key={RsaPem}", "--Authentication:PublicKeys:0:KeyId=tenant-1",
            $"--Authentication:PublicKeys:1:Key={EcPem}", "--Authentication:PublicKeys:1:KeyId=tenant-1"] },
        { "Authentication:Issuer is set but Authentication:ValidateIssuer is false", ["--Authentication:ValidateIssuer=false"] },
        { "Authentication:Issuer is required", ["--Authentication:Issuer="] },
        { "Authentication:UserIdClaim must name the claim", ["--Authentication:UserIdClaim= "] },
        { "Authentication:Authority and Authentication:JwksUrl are both set", ["--Authentication:Authority=https://login.example", "--Authentication:JwksUrl=https://login.example/keys"] },
        { "Authentication:JwksUrl must be an absolute https URL", ["--Authentication:JwksUrl=http://127.0.0.1/jwks.json"] },
        { "Authentication:JwksUrl must be an absolute https URL", ["--Authentication:JwksUrl=http://idp.example/jwks.json", "--Authentication:AllowHttpOnLoopback=true"] },
        { "Authentication:Authority must be an absolute https URL", ["--Authentication:Authority=login.example"] },
        { "Authentication:KeyRefreshInterval must be at least 00:05:00", ["--Authentication:KeyRefreshInterval=00:01:00"] },
        { "Authentication:MinimumKeyRefreshInterval must be between 00:00:01", ["--Authentication:MinimumKeyRefreshInterval=00:00:00"] },
    };

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public void Bad_or_contradictory_settings_stop_the_host_naming_the_setting(string message, string[] settings)
    {
        var error = Assert.ThrowsAny<Exception>(() => Create(settings));

        var failures = error switch
        {
            OptionsValidationException invalid => invalid.Failures,
            AggregateException all => all.InnerExceptions.OfType<OptionsValidationException>().SelectMany(invalid => invalid.Failures),
            _ => throw error,
        };
        Assert.Contains(failures, failure => failure.StartsWith(message, StringComparison.Ordinal));
    }

    /// <summary>The host with a development-like symmetric key and issuer, which <paramref name="settings"/> may change.</summary>
    private static WebApplication Create(string[] settings) => SiloHost.Create(
    [
        "--Authentication:Issuer=tests",
        $"--Authentication:SigningKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
        $"--ObjectStore:DataFolder={Path.GetTempPath()}",
        .. settings,
    ]);

    private static JwtBearerOptions Bearer(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
}
