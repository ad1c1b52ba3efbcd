using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// A silo pointed at an OpenID Connect authority (<c>Authentication:Authority</c>) that the test serves itself on
/// loopback http: the discovery document names the issuer tokens must carry and the JWKS document of their keys.
/// </summary>
[Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class AuthorityTokenTests(AuthorityTokenTests.AuthoritySilo fixture) : IClassFixture<AuthorityTokenTests.AuthoritySilo>
{
    private const long User = 4242;

    [Fact]
    public async Task A_token_from_the_authority_signed_with_a_key_it_publishes_is_accepted()
    {
        using var client = fixture.Silo.WithToken(Token(fixture.Publisher.Issuer));

        using var response = await client.GetAsync(NeverCreatedPartition());

        // Authenticated: the partition is unknown, not the caller.
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_token_from_another_issuer_signed_with_the_same_key_is_401()
    {
        using var client = fixture.Silo.WithToken(Token("https://someone-else.example/"));

        using var response = await client.GetAsync(NeverCreatedPartition());

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, text);
        Assert.Contains("issuer", JsonNode.Parse(text)!["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    private string Token(string issuer)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return JwsSigner.Sign($$"""{"alg":"ES256","typ":"JWT","kid":"{{fixture.Key.KeyId}}"}""",
            $$"""{"iss":"{{issuer}}","sub":"{{User.ToString(CultureInfo.InvariantCulture)}}","iat":{{now}},"exp":{{now + 300}}}""", fixture.Key, "ES256");
    }

    private static string NeverCreatedPartition() => "/object/v1/partitions/" + PartitionIds.HashOf(new PartitionId("never-created", User)).ToUrlSafe();

    /// <summary>A <see cref="KeyPublisher"/> publishing one EC key, and a silo that takes its issuer and keys from it.</summary>
    public sealed class AuthoritySilo : PublishedKeysSiloFixture
    {
        public ECDsaSecurityKey Key { get; } = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "authority-ec" };

        protected override string[] SettingsFor(KeyPublisher publisher)
        {
            publisher.Publish(Key);
            // No Authentication:Issuer (HttpSilo sets one): the discovery document's issuer is the one tokens must carry.
            return ["--Authentication:Issuer=", $"--Authentication:Authority={publisher.Authority}", "--Authentication:AllowHttpOnLoopback=true"];
        }
    }
}
