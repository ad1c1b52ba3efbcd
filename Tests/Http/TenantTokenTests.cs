using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ObjectStore.Partitions;
using ObjectStore.Silo.Http.Authentication;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// Tokens that identity providers other than the silo itself sign, over real HTTP: Allegro's multi-tenant tokens
/// (RS512, <c>userId</c> a string and <c>kid</c> among the claims, no <c>iss</c>, no <c>sub</c>) with the settings
/// that match them; RSA and EC keys of every JWS algorithm chosen by their key id; and keys published in a JWKS
/// document that the test serves itself, fetched again when a token names a key the silo has not seen.
/// </summary>
[Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class TenantTokenTests(TenantTokenTests.TenantSilo fixture) : IClassFixture<TenantTokenTests.TenantSilo>
{
    private const long User = 351775001412007;

    /// <summary>A theory row's stand-in for a claim the token leaves out.</summary>
    private const string NoClaim = "(none)";

    private HttpSilo Silo => fixture.Silo;

    [Fact]
    public async Task An_Allegro_multi_tenant_token_is_accepted_with_the_matching_settings()
    {
        var token = AllegroToken(User, fixture.TenantRsa);
        Assert.Equal("""{"alg":"RS512"}""", Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[0])));

        var name = $"tenant-{Guid.NewGuid():N}";
        using (var created = await UpsertPartitionAsync(token, name))
        {
            Assert.True(created.StatusCode == HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        }

        using var client = Silo.WithToken(token);
        using var read = await client.GetAsync(PartitionPath(name));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Theory]
    [InlineData("\"351775001412007\"")]
    [InlineData("351775001412007")]
    public async Task The_user_id_claim_may_be_a_string_of_digits_or_a_number(string userId)
    {
        var token = Sign("""{"alg":"RS512"}""", Claims(userId, "\"tenant-rsa\""), fixture.TenantRsa, "RS512");

        using var response = await UpsertPartitionAsync(token, $"tenant-{Guid.NewGuid():N}");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("\"alice\"")]
    [InlineData("\"0\"")]
    [InlineData("-5")]
    [InlineData("\"+5\"")]
    [InlineData("1.5")]
    [InlineData("\"9223372036854775808\"")]
    [InlineData("[\"5\",\"6\"]")]
    [InlineData(NoClaim)]
    public async Task A_token_whose_user_id_claim_is_not_one_positive_64_bit_integer_is_401_and_changes_nothing(string userId)
    {
        var token = Sign("""{"alg":"RS512"}""", Claims(userId == NoClaim ? null : userId, "\"tenant-rsa\""), fixture.TenantRsa, "RS512");

        var detail = await RefusedAsync(token);

        Assert.Contains("'userId'", detail);
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("RS384")]
    [InlineData("RS512")]
    [InlineData("PS256")]
    [InlineData("PS384")]
    [InlineData("PS512")]
    [InlineData("ES256")]
    [InlineData("ES384")]
    [InlineData("ES512")]
    public async Task A_token_signed_with_a_configured_key_named_by_its_kid_is_accepted(string algorithm)
    {
        var key = algorithm switch
        {
            "ES256" => fixture.TenantP256,
            "ES384" => fixture.TenantP384,
            "ES512" => fixture.TenantP521,
            _ => (SecurityKey)fixture.TenantRsa,
        };
        var token = Sign($$"""{"alg":"{{algorithm}}","typ":"JWT","kid":"{{key.KeyId}}"}""", Claims($"\"{User}\""), key, algorithm);

        using var response = await UpsertPartitionAsync(token, $"tenant-{Guid.NewGuid():N}");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_token_command_puts_the_user_id_in_the_configured_claim()
    {
        var options = Silo.Services.GetRequiredService<IOptions<JwtOptions>>().Value;
        var token = TokenCommand.Issue(options, User, TimeSpan.FromMinutes(5), TimeProvider.System);
        Assert.Equal(User.ToString(CultureInfo.InvariantCulture), new JsonWebToken(token).GetClaim("userId").Value);

        using var response = await UpsertPartitionAsync(token, $"tenant-{Guid.NewGuid():N}");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "a kid no key has, signed with a configured key", "signature" },
        { "the kid of another key", "signature" },
        { "a configured kid, signed with a key the silo does not know", "signature" },
        { "claims changed after signing", "signature" },
        { "expired beyond the clock skew", "expired" },
        { "unsigned (alg none)", "signature" },
        { "malformed", "well-formed" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_token_that_is_not_validly_signed_and_current_is_401_with_a_detail_and_changes_nothing(string token, string mentions)
    {
        var credential = RefusedToken(token);

        var detail = await RefusedAsync(credential);

        Assert.Contains(mentions, detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(credential.Split('.')[^1] is { Length: > 8 } signature ? signature : credential, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_signed_with_a_key_from_the_JWKS_document_is_accepted()
    {
        var token = Sign($$"""{"alg":"RS256","kid":"{{fixture.PublishedRsa.KeyId}}"}""", Claims($"\"{User}\""), fixture.PublishedRsa, "RS256");

        await AcceptedOnceKeysAreFetchedAsync(token);
    }

    [Fact]
    public async Task A_key_that_appears_in_the_JWKS_document_is_fetched_when_a_token_names_it_and_a_retired_one_stops_working()
    {
        var retiring = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = $"retiring-{Guid.NewGuid():N}" };
        var next = new RsaSecurityKey(RSA.Create(2048)) { KeyId = $"next-{Guid.NewGuid():N}" };
        var retiringToken = Sign($$"""{"alg":"ES256","kid":"{{retiring.KeyId}}"}""", Claims($"\"{User}\""), retiring, "ES256");
        // As Allegro's multi-tenant client would sign with a published key: the kid among the claims.
        var nextToken = Sign("""{"alg":"RS512"}""", Claims($"\"{User}\"", $"\"{next.KeyId}\""), next, "RS512");
        fixture.Publisher.Publish(fixture.PublishedRsa, retiring);
        await AcceptedOnceKeysAreFetchedAsync(retiringToken);
        await RefusedAsync(nextToken);

        fixture.Publisher.Publish(fixture.PublishedRsa, next);

        await AcceptedOnceKeysAreFetchedAsync(nextToken);
        await RefusedAsync(retiringToken);
    }

    /// <summary>
    /// Sends <paramref name="token"/> until it is accepted, within a minute: the silo fetches the JWKS document again in
    /// the background after a token names a key it does not know, at most once a second here.
    /// </summary>
    private async Task AcceptedOnceKeysAreFetchedAsync(string token)
    {
        using var client = Silo.WithToken(token);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            using var response = await client.GetAsync("/object/v1/partitions/" + PartitionIds.HashOf(new PartitionId("never-created", User)).ToUrlSafe());
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.True(DateTime.UtcNow < deadline, $"The token was still refused after a minute: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Sends <paramref name="token"/> to create a partition; checks the 401 problem and that no partition was made; returns its detail.</summary>
    private async Task<string> RefusedAsync(string token)
    {
        var name = $"refused-{Guid.NewGuid():N}";
        using var response = await UpsertPartitionAsync(token, name);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal("unauthenticated", problem["code"]!.GetValue<string>());

        using var owner = Silo.WithToken(AllegroToken(User, fixture.TenantRsa));
        using var read = await owner.GetAsync(PartitionPath(name));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        return problem["detail"]!.GetValue<string>();
    }

    private async Task<HttpResponseMessage> UpsertPartitionAsync(string token, string name)
    {
        using var client = Silo.WithToken(token);
        var body = new JsonObject
        {
            ["_type"] = "com.symphony.s2.model.object.UpsertPartitionRequest",
            ["partitionId"] = new JsonObject { ["_type"] = "com.symphony.s2.model.object.NamedUserIdObject", ["name"] = name, ["userId"] = User },
        }.ToJsonString();
        return await client.PostAsync("/object/v1/partitions/upsert", new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }));
    }

    private static string PartitionPath(string name) => "/object/v1/partitions/" + PartitionIds.HashOf(new PartitionId(name, User)).ToUrlSafe();

    private string RefusedToken(string token) => token switch
    {
        "a kid no key has, signed with a configured key" => Sign("""{"alg":"RS512"}""", Claims($"\"{User}\"", "\"no-such-key\""), fixture.TenantRsa, "RS512"),
        "the kid of another key" => Sign("""{"alg":"RS512"}""", Claims($"\"{User}\"", $"\"{fixture.PublishedRsa.KeyId}\""), fixture.TenantRsa, "RS512"),
        "a configured kid, signed with a key the silo does not know" => AllegroToken(User, new RsaSecurityKey(RSA.Create(2048)) { KeyId = fixture.TenantRsa.KeyId }),
        "claims changed after signing" => WithClaims(AllegroToken(User, fixture.TenantRsa), Claims("\"1003\"", "\"tenant-rsa\"")),
        "expired beyond the clock skew" => AllegroToken(User, fixture.TenantRsa, TimeSpan.FromMinutes(-2)),
        "unsigned (alg none)" => $"{Base64UrlEncoder.Encode("""{"alg":"none"}""")}.{Base64UrlEncoder.Encode(Claims($"\"{User}\"", "\"tenant-rsa\""))}.",
        "malformed" => "not.a.token",
        _ => throw new ArgumentOutOfRangeException(nameof(token), token, "Not a token of RefusedTokens."),
    };

    /// <summary>The header and signature of <paramref name="signed"/> around other <paramref name="claims"/>.</summary>
    private static string WithClaims(string signed, string claims)
    {
        var parts = signed.Split('.');
        return $"{parts[0]}.{Base64UrlEncoder.Encode(claims)}.{parts[2]}";
    }

    /// <summary>The token Allegro's multi-tenant client sends: RS512, <c>userId</c> a string and <c>kid</c> in the claims, 5 minutes.</summary>
    private static string AllegroToken(long userId, RsaSecurityKey key, TimeSpan? expiresIn = null) =>
        Sign("""{"alg":"RS512"}""", Claims($"\"{userId.ToString(CultureInfo.InvariantCulture)}\"", $"\"{key.KeyId}\"", expiresIn), key, "RS512");

    /// <summary>Claims with the given JSON values of <c>userId</c> and <c>kid</c> (left out when null), issued now.</summary>
    private static string Claims(string? userId, string? kid = null, TimeSpan? expiresIn = null)
    {
        var now = DateTimeOffset.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(5));
        var issued = expires < now ? expires - TimeSpan.FromMinutes(5) : now;
        var members = new List<string>();
        if (userId is not null)
        {
            members.Add($"\"userId\":{userId}");
        }

        if (kid is not null)
        {
            members.Add($"\"kid\":{kid}");
        }

        members.Add($"\"iat\":{issued.ToUnixTimeSeconds()}");
        members.Add($"\"exp\":{expires.ToUnixTimeSeconds()}");
        return "{" + string.Join(',', members) + "}";
    }

    private static string Sign(string header, string claims, SecurityKey key, string algorithm) => JwsSigner.Sign(header, claims, key, algorithm);

    /// <summary>
    /// A silo set for Allegro's multi-tenant tokens (user id in <c>userId</c>, no issuer), with tenant keys of every
    /// kind under key ids, and the keys of a JWKS document served by <see cref="KeyPublisher"/> on loopback http.
    /// </summary>
    public sealed class TenantSilo : PublishedKeysSiloFixture
    {
        public RsaSecurityKey TenantRsa { get; } = new(RSA.Create(2048)) { KeyId = "tenant-rsa" };

        public ECDsaSecurityKey TenantP256 { get; } = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "tenant-p256" };

        public ECDsaSecurityKey TenantP384 { get; } = new(ECDsa.Create(ECCurve.NamedCurves.nistP384)) { KeyId = "tenant-p384" };

        public ECDsaSecurityKey TenantP521 { get; } = new(ECDsa.Create(ECCurve.NamedCurves.nistP521)) { KeyId = "tenant-p521" };

        public RsaSecurityKey PublishedRsa { get; } = new(RSA.Create(2048)) { KeyId = "published-rsa" };

        protected override string[] SettingsFor(KeyPublisher publisher)
        {
            publisher.Publish(PublishedRsa);
            // HttpSilo configures PublicKeys 0 and 1 (without key ids) and an issuer, which multi-tenant tokens do not carry.
            return
            [
                "--Authentication:UserIdClaim=userId",
                "--Authentication:ValidateIssuer=false",
                "--Authentication:Issuer=",
                .. Configured(2, TenantRsa.Rsa.ExportSubjectPublicKeyInfoPem(), TenantRsa.KeyId),
                .. Configured(3, TenantP256.ECDsa.ExportSubjectPublicKeyInfoPem(), TenantP256.KeyId),
                .. Configured(4, TenantP384.ECDsa.ExportSubjectPublicKeyInfoPem(), TenantP384.KeyId),
                .. Configured(5, TenantP521.ECDsa.ExportSubjectPublicKeyInfoPem(), TenantP521.KeyId),
                $"--Authentication:JwksUrl={publisher.JwksUrl}",
                "--Authentication:AllowHttpOnLoopback=true",
                "--Authentication:MinimumKeyRefreshInterval=00:00:01",
            ];
        }

        private static string[] Configured(int index, string pem, string keyId) =>
            [$"--Authentication:PublicKeys:{index}:Key={pem}", $"--Authentication:PublicKeys:{index}:KeyId={keyId}"];
    }
}
