using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// Who may call: every /object/v1 endpoint but /version needs a valid bearer token, signed by a configured key, from
/// the configured issuer, in its lifetime, whose sub is a user id; anything less is a 401 problem that changes nothing.
/// </summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class AuthenticationTests(HttpSiloFixture fixture) : RefusalTestBase(fixture)
{
    private static readonly string NewObjectBody = $$"""{"_type":"{{StoredType}}","owner":{{Owner}},"partitionHash":"{P}","sortKey":"new"}""";

    public static TheoryData<string> RefusedCredentials => new()
    {
        "no token",
        "a malformed token",
        "a Basic credential",
        "a token signed with another symmetric key",
        "a token signed with an RSA key the silo does not know",
        "a token whose claims were changed after signing",
        "a token expired beyond the clock skew",
        "a token from another issuer",
        "a token without an expiry",
        "an unsigned token (alg none)",
    };

    [Theory]
    [MemberData(nameof(RefusedCredentials))]
    public async Task A_request_without_a_valid_token_is_401_with_a_bearer_challenge_and_changes_nothing(string credential)
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        using var client = Silo.Anonymous();
        client.DefaultRequestHeaders.Authorization = AuthorizationFor(credential);

        using var response = await PutAsync(client, NewObject(scene.Partition, "new"));

        await ReadUnauthenticatedAsync(response);
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("9223372036854775808")]
    public async Task A_token_whose_sub_is_not_a_positive_64_bit_integer_is_401_and_changes_nothing(string subject)
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        using var client = Silo.WithToken(Silo.Token(Owner, subject: subject));

        using var response = await PutAsync(client, NewObject(scene.Partition, "new"));

        var detail = await ReadUnauthenticatedAsync(response);
        Assert.Contains("'sub'", detail);
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha256)]
    [InlineData(SecurityAlgorithms.RsaSha256)]
    [InlineData(SecurityAlgorithms.RsaSsaPssSha256)]
    [InlineData(SecurityAlgorithms.EcdsaSha256)]
    public async Task A_token_signed_with_a_configured_key_is_accepted_for_writes_and_reads(string algorithm)
    {
        var scene = await NewSceneAsync();
        SecurityKey key = algorithm[..2] switch
        {
            "RS" or "PS" => Silo.RsaKey,
            "ES" => Silo.EcKey,
            _ => Silo.SymmetricKey,
        };
        var token = Silo.Token(Owner, key, algorithm);
        Assert.Equal(algorithm, new JsonWebToken(token).Alg);
        using var client = Silo.WithToken(token);

        var stored = await StoreAsync(client, NewObject(scene.Partition, "new"));

        var (page, _, _) = await GetPageAsync(client, $"/object/v1/partitions/{Escape(scene.Partition)}/page");
        Assert.Contains(HashOf(stored), page.Select(item => HashOf(item.ToJsonString())));
    }

    [Fact]
    public async Task The_sub_of_a_valid_token_decides_who_calls()
    {
        var scene = await NewSceneAsync();
        var partition = $"/object/v1/partitions/{Escape(scene.Partition)}";
        using var stranger = Silo.WithToken(Silo.Token(Stranger, Silo.RsaKey, SecurityAlgorithms.RsaSha256));
        using var owner = Silo.WithToken(Silo.Token(Owner, Silo.RsaKey, SecurityAlgorithms.RsaSha256));

        using var refused = await stranger.GetAsync(partition);
        using var answered = await owner.GetAsync(partition);

        var detail = (await ReadProblemAsync(refused, HttpStatusCode.Forbidden, "forbidden"))["detail"]!.GetValue<string>();
        Assert.Contains(Stranger.ToString(CultureInfo.InvariantCulture), detail);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public async Task An_Allegro_multi_tenant_token_is_401_without_the_settings_that_match_it()
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        // Signed with a key this silo knows, but with neither the 'iss' nor the 'sub' it requires by default.
        var token = JwsSigner.Sign("""{"alg":"RS512"}""", $$"""{"userId":"{{Owner}}","kid":"tenant-1","iat":{{now}},"exp":{{now + 300}}}""", Silo.RsaKey, "RS512");
        using var client = Silo.WithToken(token);

        using var response = await PutAsync(client, NewObject(scene.Partition, "new"));

        Assert.Contains("issuer", await ReadUnauthenticatedAsync(response), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Fact]
    public async Task A_token_expired_within_the_clock_skew_is_still_accepted()
    {
        var scene = await NewSceneAsync();
        using var client = Silo.WithToken(Silo.Token(Owner, expiresIn: TimeSpan.FromSeconds(-5)));

        using var response = await client.GetAsync($"/object/v1/partitions/{Escape(scene.Partition)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/object/v1/version")]
    public async Task Health_the_OpenAPI_document_and_the_version_need_no_token(string path)
    {
        using var client = Silo.Anonymous();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Every /object/v1 endpoint but /version, with a request that its owner's token would have had answered.</summary>
    public static TheoryData<string, string, string?> ProtectedRequests => new()
    {
        { "PUT", "/object/v1/objects/{SELF}", NewObjectBody },
        { "POST", "/object/v1/objects/transaction", $"[{NewObjectBody}]" },
        { "GET", "/object/v1/objects/{Eu}", null },
        { "GET", "/object/v1/objects/{Eu}?currentVersion=true", null },
        { "GET", "/object/v1/objects/{Eu}/versions", null },
        { "POST", "/object/v1/partitions/upsert", UpsertPartitionBody("{N}", Owner, (Stranger, ["READ"])) },
        { "GET", "/object/v1/partitions/{Pu}", null },
        { "GET", "/object/v1/partitions/{Pu}/users", null },
        { "GET", "/object/v1/partitions/{Pu}/page", null },
        { "GET", "/object/v1/partitions/{Pu}/existing", null },
    };

    [Theory]
    [MemberData(nameof(ProtectedRequests))]
    public async Task Every_other_endpoint_is_401_without_a_token_and_changes_nothing(string method, string path, string? body)
    {
        var scene = await NewSceneAsync();
        var before = await StateOfAsync(scene);
        var content = body is null ? null : scene.Fill(body);
        using var request = new HttpRequestMessage(new HttpMethod(method), scene.Fill(path).Replace("{SELF}", content is null ? "" : PathHashOf(content), StringComparison.Ordinal))
        {
            Content = content is null ? null : Json(content),
        };
        using var client = Silo.Anonymous();

        using var response = await client.SendAsync(request);

        await ReadUnauthenticatedAsync(response);
        Assert.Equal(before, await StateOfAsync(scene));
    }

    [Theory]
    [MemberData(nameof(ProtectedRequests))]
    public async Task Every_other_endpoint_answers_the_same_request_with_the_owners_token(string method, string path, string? body)
    {
        var scene = await NewSceneAsync();
        var content = body is null ? null : scene.Fill(body);
        using var request = new HttpRequestMessage(new HttpMethod(method), scene.Fill(path).Replace("{SELF}", content is null ? "" : PathHashOf(content), StringComparison.Ordinal))
        {
            Content = content is null ? null : Json(content),
        };
        using var client = Silo.As(Owner);

        using var response = await client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Checks a 401 problem and its bearer challenge; returns the problem's detail.</summary>
    private static async Task<string> ReadUnauthenticatedAsync(HttpResponseMessage response)
    {
        var problem = await ReadProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        return problem["detail"]!.GetValue<string>();
    }

    private AuthenticationHeaderValue? AuthorizationFor(string credential) => credential switch
    {
        "no token" => null,
        "a malformed token" => Bearer("not-a-token"),
        "a Basic credential" => new("Basic", Convert.ToBase64String("owner:secret"u8)),
        "a token signed with another symmetric key" => Bearer(Silo.Token(Owner, new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)))),
        "a token signed with an RSA key the silo does not know" => Bearer(Silo.Token(Owner, new RsaSecurityKey(RSA.Create(2048)), SecurityAlgorithms.RsaSha256)),
        "a token whose claims were changed after signing" => Bearer(WithClaimsOf(Silo.Token(Stranger), Silo.Token(Owner))),
        "a token expired beyond the clock skew" => Bearer(Silo.Token(Owner, expiresIn: TimeSpan.FromMinutes(-2))),
        "a token from another issuer" => Bearer(Silo.Token(Owner, issuer: "someone-else")),
        "a token without an expiry" => Bearer(TokenWithoutExpiry()),
        "an unsigned token (alg none)" => Bearer(UnsignedToken()),
        _ => throw new ArgumentOutOfRangeException(nameof(credential), credential, "Not a credential of RefusedCredentials."),
    };

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    /// <summary>The header and signature of <paramref name="signed"/> around the claims of <paramref name="claims"/>.</summary>
    private static string WithClaimsOf(string signed, string claims)
    {
        var parts = signed.Split('.');
        return $"{parts[0]}.{claims.Split('.')[1]}.{parts[2]}";
    }

    /// <summary>A token signed with the silo's own key but without 'exp', which <see cref="HttpSilo.Token"/> always sets.</summary>
    private string TokenWithoutExpiry()
    {
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = HttpSilo.Issuer,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, Owner.ToString(CultureInfo.InvariantCulture))]),
            SigningCredentials = new SigningCredentials(Silo.SymmetricKey, SecurityAlgorithms.HmacSha256),
        });
        Assert.False(new JsonWebToken(token).TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out _));
        return token;
    }

    /// <summary>A well-formed token for the owner, in its lifetime, from the right issuer, but with "alg":"none" and no signature.</summary>
    private static string UnsignedToken()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var claims = Base64UrlEncoder.Encode($$"""{"iss":"{{HttpSilo.Issuer}}","sub":"{{Owner}}","iat":{{now}},"nbf":{{now}},"exp":{{now + 600}}}""");
        return $"{header}.{claims}.";
    }
}
