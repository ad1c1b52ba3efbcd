using System.Net;
using System.Text;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// Actors, clients and checks for the Condensation tests over HTTP. A silo is shared by test classes, so every test
/// makes actors of its own (and so accounts of its own) and fresh objects, and reads back what it wrote through the API.
/// </summary>
public abstract class CondensationTestBase(CondensationFixture fixture)
{
    protected HttpSilo Silo => fixture.Silo;

    protected CondensationFixture Fixture => fixture;

    protected CdsClient Unsigned() => new(Silo.BaseAddress);

    /// <summary>A signer for <paramref name="actor"/> on the fixture's clock, correct in every part until a test changes one.</summary>
    protected RequestSigner Signer(Actor actor) => new(actor) { Clock = fixture.Clock };

    protected CdsClient SignedBy(Actor actor) => SignedBy(Signer(actor));

    protected CdsClient SignedBy(RequestSigner signer) => new(Silo.BaseAddress, signer);

    /// <summary>A client for <paramref name="actor"/>, or an unsigned one when it is null.</summary>
    protected CdsClient As(Actor? actor) => actor is null ? Unsigned() : SignedBy(actor);

    /// <summary>A new actor whose public key object the store holds: its first PUT, of that very object, authenticates itself.</summary>
    protected async Task<Actor> NewActorAsync()
    {
        var actor = Actor.Create();
        try
        {
            await StoreAsync(actor, actor.PublicKeyObject);
            return actor;
        }
        catch
        {
            actor.Dispose();
            throw;
        }
    }

    /// <summary>PUTs an object as <paramref name="actor"/> and asserts 204.</summary>
    protected async Task<CdsObject> StoreAsync(Actor actor, CdsObject cdsObject)
    {
        using var client = SignedBy(actor);
        using var response = await client.PutObjectAsync(cdsObject);
        await AssertNoContentAsync(response, $"PUT of {cdsObject.Hash} by {actor}");
        return cdsObject;
    }

    /// <summary>Adds a hash to a box as <paramref name="actor"/> (unsigned when null) and asserts 204.</summary>
    protected async Task AddAsync(Actor? actor, CdsHash account, string box, CdsHash hash)
    {
        using var client = As(actor);
        using var response = await client.AddAsync(account, box, hash);
        await AssertNoContentAsync(response, $"adding {hash} to {box} of {account} as {actor?.ToString() ?? "nobody"}");
    }

    /// <summary>A new envelope that <paramref name="owner"/> stores and adds to its own <paramref name="box"/>.</summary>
    protected async Task<CdsObject> NewEnvelopeInBoxAsync(Actor owner, string box)
    {
        var envelope = await StoreAsync(owner, Envelope.Create());
        await AddAsync(owner, owner.Hash, box, envelope.Hash);
        return envelope;
    }

    /// <summary>The hashes in a box of <paramref name="owner"/>'s account, listed by the owner.</summary>
    protected async Task<IReadOnlyList<string>> BoxOfAsync(Actor owner, string box)
    {
        using var client = SignedBy(owner);
        using var response = await client.ListAsync(owner.Hash, box);
        return await ReadBoxAsync(response);
    }

    /// <summary>
    /// Reads a list answer: 200 with the hashes as raw 32-byte values as application/octet-stream, or 204 without a
    /// body for an empty box. Returns the hashes in hex, sorted, since a box is a set in no particular order.
    /// </summary>
    protected static async Task<IReadOnlyList<string>> ReadBoxAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            Assert.Empty(body);
            return [];
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the list answered {(int)response.StatusCode}: {Text(body)}");
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.Length % CdsHash.ByteLength == 0, $"the list's {body.Length} bytes are not whole hashes");
        Assert.NotEmpty(body);
        var hashes = body.Chunk(CdsHash.ByteLength).Select(hash => CdsHash.FromBytes(hash).Hex).Order(StringComparer.Ordinal).ToList();
        Assert.True(hashes.Distinct().Count() == hashes.Count, "a box is a set, but the list repeats a hash");
        return hashes;
    }

    /// <summary>The hashes as <see cref="ReadBoxAsync"/> returns them, to compare with a box.</summary>
    protected static IReadOnlyList<string> Set(params CdsHash[] hashes) => [.. hashes.Select(hash => hash.Hex).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The bytes the store holds for <paramref name="hash"/>, read by anyone; null when it answers 404.</summary>
    protected async Task<byte[]?> StoredBytesAsync(CdsHash hash)
    {
        using var client = Unsigned();
        using var response = await client.GetObjectAsync(hash);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET of {hash} answered {(int)response.StatusCode}: {Text(body)}");
        return body;
    }

    protected async Task AssertStoredAsync(CdsObject cdsObject) =>
        Assert.Equal(cdsObject.Bytes.ToArray(), await StoredBytesAsync(cdsObject.Hash));

    protected async Task AssertAbsentAsync(CdsHash hash) =>
        Assert.True(await StoredBytesAsync(hash) is null, $"the store holds {hash}, which it should not");

    /// <summary>Asserts a success without a body: 204, as the store answers every change.</summary>
    protected static async Task AssertNoContentAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{what}: expected 204, got {(int)response.StatusCode}: {Text(body)}");
        Assert.Empty(body);
    }

    /// <summary>Asserts 200 with exactly <paramref name="expected"/> as application/octet-stream.</summary>
    protected static async Task AssertBytesAsync(HttpResponseMessage response, ReadOnlyMemory<byte> expected, string what)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what}: expected 200, got {(int)response.StatusCode}: {Text(body)}");
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expected.ToArray(), body);
    }

    /// <summary>
    /// Asserts a refusal: <paramref name="status"/>, and a plain text body (never JSON: Condensation clients show it
    /// as it is). An answer to HEAD has no body to check.
    /// </summary>
    /// <summary>Puts <paramref name="cdsObject"/>: 204 and stored, or refused with <paramref name="status"/> and absent.</summary>
    protected async Task AssertPutAnsweredAsync(CdsClient client, CdsObject cdsObject, HttpStatusCode status, string what)
    {
        using var response = await client.PutObjectAsync(cdsObject);
        if (status == HttpStatusCode.NoContent)
        {
            await AssertNoContentAsync(response, what);
            await AssertStoredAsync(cdsObject);
        }
        else
        {
            await AssertRefusedAsync(response, status, what);
            await AssertAbsentAsync(cdsObject.Hash);
        }
    }

    protected static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var body = Text(bytes);
        Assert.True(response.StatusCode == status, $"{what}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        if (response.RequestMessage?.Method == HttpMethod.Head)
        {
            Assert.Empty(bytes);
            return;
        }

        Assert.True(response.Content.Headers.ContentType?.MediaType == "text/plain",
            $"{what}: the error's media type is {response.Content.Headers.ContentType?.MediaType ?? "missing"}, not text/plain: {body}");
        Assert.False(body.TrimStart().StartsWith('{'), $"{what}: the error body is JSON: {body}");
    }

    private static string Text(byte[] body) => body.Length == 0 ? "(no body)" : Encoding.UTF8.GetString(body);
}
