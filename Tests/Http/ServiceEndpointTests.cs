using System.Net;
using System.Text.Json.Nodes;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>What the silo serves besides the object API: its OpenAPI document, health, version, and answers to unknown routes.</summary>
[Collection(SharedFixtures.SqliteHttpSilo), Kind(TestKind.Http), Backend(StorageProvider.Sqlite)]
public sealed class ServiceEndpointTests(HttpSiloFixture fixture) : HttpApiTestBase(fixture)
{
    /// <summary>The endpoints of the REST model that the silo serves (NOTES.md's table), and the feed and sequence endpoints it adds to the model.</summary>
    public static TheoryData<string, string> ServedEndpoints => new()
    {
        { "put", "/object/v1/objects/{objectHash}" },
        { "post", "/object/v1/objects/transaction" },
        { "get", "/object/v1/objects/{objectHash}" },
        { "get", "/object/v1/objects/{objectHash}/versions" },
        { "post", "/object/v1/partitions/upsert" },
        { "get", "/object/v1/partitions/{partitionHash}" },
        { "get", "/object/v1/partitions/{partitionHash}/users" },
        { "get", "/object/v1/partitions/{partitionHash}/page" },
        { "get", "/object/v1/partitions/{partitionHash}/{sortKey}" },
        { "post", "/object/v1/feeds/upsert" },
        { "post", "/object/v1/feeds/endpoint" },
        { "post", "/object/v1/feeds/credentials" },
        { "get", "/object/v1/feeds/{feedHash}" },
        { "delete", "/object/v1/feeds/{feedHash}" },
        { "post", "/object/v1/feeds/{feedHash}/objects" },
        { "get", "/object/v1/feeds/{feedHash}/deadLetters" },
        { "post", "/object/v1/feeds/{feedHash}/deadLetters/requeue" },
        { "get", "/object/v1/sequences/partitions" },
        { "get", "/object/v1/sequences/partitions/{partitionHash}/log" },
        { "get", "/object/v1/sequences/partitions/{partitionHash}/absolute" },
        { "get", "/object/v1/sequences/partitions/{partitionHash}/current" },
        { "get", "/object/v1/sequences/threads/{threadId}/absolute" },
        { "get", "/object/v1/sequences/threads/{threadId}/current" },
        { "get", "/object/v1/sequences/firehose" },
        { "get", "/object/v1/version" },
    };

    [Theory]
    [MemberData(nameof(ServedEndpoints))]
    public async Task The_OpenAPI_document_describes_every_endpoint_served(string method, string path)
    {
        using var client = Silo.Anonymous();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var operation = document["paths"]?[path]?[method];
        Assert.True(operation is not null, $"{method} {path} is not in the document");
        Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()));
    }

    [Fact]
    public async Task The_OpenAPI_document_names_every_parameter_of_a_partition_page_before_included()
    {
        using var client = Silo.Anonymous();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var parameters = document["paths"]!["/object/v1/partitions/{partitionHash}/page"]!["get"]!["parameters"]!.AsArray()
            .Select(parameter => parameter!["name"]!.GetValue<string>());
        Assert.Equal(["after", "before", "limit", "partitionHash", "scanForwards", "sortKeyMax", "sortKeyMin", "sortKeyPrefix"], parameters.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_OpenAPI_document_declares_bearer_authentication_and_no_more_object_paths_than_served()
    {
        using var client = Silo.Anonymous();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (operation.Key, path.Key)))
            .Where(operation => operation.Item2.StartsWith("/object/v1", StringComparison.Ordinal))
            .ToHashSet();
        Assert.Equal(ServedEndpoints.Select(row => ((string)row[0], (string)row[1])).ToHashSet(), documented);
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_without_a_token_and_readiness_names_the_database()
    {
        using var client = Silo.Anonymous();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        Assert.Equal("Healthy", report["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", report["checks"]!["silo"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Version_is_plain_text_in_canon_json_and_needs_no_token()
    {
        using var client = Silo.Anonymous();

        var version = JsonNode.Parse(await client.GetStringAsync("/object/v1/version"))!;

        Assert.Equal("com.symphony.s2.model.core.PlainText", version["_type"]!.GetValue<string>());
        Assert.Matches(@"^\d+\.\d+\.\d+", version["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_route_and_a_wrong_method_are_problems_too()
    {
        using var client = Silo.As(Owner);

        using var unknown = await client.GetAsync("/object/v1/nothing/here/at/all");
        using var wrongMethod = await client.DeleteAsync("/object/v1/partitions/upsert");

        await ReadProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
        await ReadProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }
}
