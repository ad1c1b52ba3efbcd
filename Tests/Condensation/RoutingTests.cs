using System.Net;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// The paths and methods under /cds: OPTIONS names each path's methods, another method is 405 with the same Allow,
/// another path (a hash not in 64 lower-case hex characters, an unknown box) is 404, errors are plain text, and a
/// browser's Origin is echoed. Nothing here depends on the storage, so it runs on SQLite only.
/// </summary>
[Collection(SharedFixtures.SqliteCondensation), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class RoutingTests(SqliteCondensationFixture fixture) : CondensationTestBase(fixture)
{
    private static readonly CdsHash SomeHash = CdsHash.FromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    /// <summary>The path of each kind and the methods it allows.</summary>
    private static (string Path, string[] Methods) PathOf(string kind) => kind switch
    {
        "object" => (CdsClient.ObjectPath(SomeHash), ["GET", "HEAD", "PUT", "POST", "OPTIONS"]),
        "box" => (CdsClient.BoxPath(SomeHash, Boxes.Messages), ["GET", "HEAD", "OPTIONS"]),
        "box entry" => (CdsClient.EntryPath(SomeHash, Boxes.Private, SomeHash), ["PUT", "DELETE", "OPTIONS"]),
        "accounts" => (CdsClient.AccountsPath, ["POST", "OPTIONS"]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static IReadOnlyList<string> AllowOf(HttpResponseMessage response) =>
        [.. response.Content.Headers.Allow.Select(method => method.ToUpperInvariant()).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("object")]
    [InlineData("box")]
    [InlineData("box entry")]
    [InlineData("accounts")]
    public async Task Options_answers_200_with_the_methods_of_the_path(string kind)
    {
        var (path, methods) = PathOf(kind);
        using var client = Unsigned();

        using var response = await client.OptionsAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(methods.Order(StringComparer.Ordinal), AllowOf(response));
    }

    [Theory]
    [InlineData("object", "DELETE")]
    [InlineData("object", "PATCH")]
    [InlineData("box", "PUT")]
    [InlineData("box", "POST")]
    [InlineData("box", "DELETE")]
    [InlineData("box entry", "GET")]
    [InlineData("box entry", "POST")]
    [InlineData("accounts", "GET")]
    [InlineData("accounts", "PUT")]
    [InlineData("accounts", "DELETE")]
    public async Task Another_method_is_405_in_plain_text_with_the_methods_of_the_path(string kind, string method)
    {
        var (path, methods) = PathOf(kind);
        using var client = Unsigned();

        using var response = await client.SendAsync(new HttpMethod(method), path);

        await AssertRefusedAsync(response, HttpStatusCode.MethodNotAllowed, $"{method} on the {kind} path");
        Assert.Equal(methods.Order(StringComparer.Ordinal), AllowOf(response));
    }

    [Fact]
    public async Task A_delete_of_an_object_is_405_and_leaves_it_stored()
    {
        using var owner = await NewActorAsync();
        var stored = await StoreAsync(owner, Envelope.Create());
        using var client = SignedBy(owner);

        using var response = await client.SendAsync(HttpMethod.Delete, CdsClient.ObjectPath(stored.Hash));

        await AssertRefusedAsync(response, HttpStatusCode.MethodNotAllowed, "DELETE of an object");
        await AssertStoredAsync(stored);
    }

    public static TheoryData<string> OtherPaths
    {
        get
        {
            var hex = SomeHash.Hex;
            return new()
            {
                $"/cds/objects/{hex.ToUpperInvariant()}",
                $"/cds/objects/{hex[..63]}",
                $"/cds/objects/{hex}0",
                $"/cds/objects/{hex[..63]}g",
                $"/cds/objects/{hex}/more",
                "/cds/objects",
                "/cds/objects/",
                $"/cds/accounts/{hex}",
                $"/cds/accounts/{hex}/inbox",
                $"/cds/accounts/{hex}/Messages",
                $"/cds/accounts/{hex.ToUpperInvariant()}/public",
                $"/cds/accounts/{hex[..63]}/public",
                $"/cds/accounts/{hex}/messages/{hex.ToUpperInvariant()}",
                $"/cds/accounts/{hex}/inbox/{hex}",
                $"/cds/accounts/{hex}/messages/{hex}/more",
                "/cds/",
                "/cds/unknown",
            };
        }
    }

    [Theory]
    [MemberData(nameof(OtherPaths))]
    public async Task Any_other_path_under_cds_is_404_in_plain_text(string path)
    {
        using var client = Unsigned();

        using var response = await client.SendAsync(HttpMethod.Get, path);

        await AssertRefusedAsync(response, HttpStatusCode.NotFound, $"GET {path}");
    }

    [Fact]
    public async Task A_put_at_a_hash_in_upper_case_is_404_and_stores_nothing()
    {
        using var owner = await NewActorAsync();
        var envelope = Envelope.Create();
        using var client = SignedBy(owner);

        using var response = await client.SendAsync(HttpMethod.Put, $"{CdsClient.BasePath}/objects/{envelope.Hash.Hex.ToUpperInvariant()}",
            envelope.Bytes, CdsClient.ObjectMediaType);

        await AssertRefusedAsync(response, HttpStatusCode.NotFound, "a PUT at an upper-case hash");
        await AssertAbsentAsync(envelope.Hash);
    }

    [Fact]
    public async Task An_add_to_an_unknown_box_is_404_and_changes_no_box()
    {
        using var owner = await NewActorAsync();
        var envelope = await StoreAsync(owner, Envelope.Create());
        using var client = SignedBy(owner);

        using var response = await client.AddAsync(owner.Hash, "inbox", envelope.Hash);

        await AssertRefusedAsync(response, HttpStatusCode.NotFound, "an add to the box inbox");
        foreach (var box in Boxes.All)
        {
            Assert.Empty(await BoxOfAsync(owner, box));
        }
    }

    public static TheoryData<string> CorsRequests => new() { "GET of a stored object", "GET of an absent object", "OPTIONS", "an unsigned PUT", "a list" };

    [Theory]
    [MemberData(nameof(CorsRequests))]
    public async Task A_request_with_an_Origin_gets_it_back_in_Access_Control_Allow_Origin(string request)
    {
        const string Origin = "https://app.example.org";
        using var owner = await NewActorAsync();
        var stored = await StoreAsync(owner, Envelope.Create());
        using var client = Unsigned();
        (string, string)[] origin = [("Origin", Origin)];

        using var response = request switch
        {
            "GET of a stored object" => await client.SendAsync(HttpMethod.Get, CdsClient.ObjectPath(stored.Hash), headers: origin),
            "GET of an absent object" => await client.SendAsync(HttpMethod.Get, CdsClient.ObjectPath(CdsHash.Random()), headers: origin),
            "OPTIONS" => await client.SendAsync(HttpMethod.Options, CdsClient.ObjectPath(stored.Hash), headers: origin),
            "an unsigned PUT" => await client.SendAsync(HttpMethod.Put, CdsClient.ObjectPath(stored.Hash), stored.Bytes, CdsClient.ObjectMediaType, origin),
            _ => await client.SendAsync(HttpMethod.Get, CdsClient.BoxPath(owner.Hash, Boxes.Public), headers: origin),
        };

        Assert.True(response.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed), $"{request}: no Access-Control-Allow-Origin");
        Assert.Equal([Origin], allowed);
    }
}
