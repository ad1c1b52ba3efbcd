using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>Readiness follows the database: a load balancer must stop sending requests to a silo whose database is gone.</summary>
[Kind(TestKind.Http), Backend(StorageProvider.PostgreSql)]
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readiness_fails_while_PostgreSQL_refuses_connections_and_recovers_after_while_liveness_holds()
    {
        await using var silo = await HttpSilo.StartAsync(StorageProvider.PostgreSql);
        using var client = silo.Anonymous();
        using var owner = silo.As(351775001412007);
        using var upsert = await owner.PostAsync("/object/v1/partitions/upsert", new StringContent(
            """{"partitionId":{"name":"readiness","userId":351775001412007}}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        var partition = PartitionIds.HashOf(new PartitionId("readiness", 351775001412007)).ToUrlSafe();
        var database = new NpgsqlConnectionStringBuilder(silo.ConnectionString).Database!;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await AdministerAsync(silo.ConnectionString!, $"ALTER DATABASE {database} ALLOW_CONNECTIONS false",
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        try
        {
            using var ready = await client.GetAsync("/health/ready");
            using var live = await client.GetAsync("/health/live");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
            Assert.Equal("Unhealthy", report["checks"]!["database"]!["status"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);

            // A request that needs the database says so, rather than failing with a bare 500.
            using var page = await owner.GetAsync($"/object/v1/partitions/{partition}/page");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal("urn:objectstore:problem:storage-failure", JsonNode.Parse(await page.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
        }
        finally
        {
            await AdministerAsync(silo.ConnectionString!, $"ALTER DATABASE {database} ALLOW_CONNECTIONS true");
        }

        // Pooled connections that the server cut are discarded one failed use at a time, so a few checks may still fail.
        var recovered = false;
        for (var attempt = 0; attempt < 100 && !recovered; attempt++)
        {
            using var ready = await client.GetAsync("/health/ready");
            recovered = ready.StatusCode == HttpStatusCode.OK;
        }

        Assert.True(recovered, "readiness did not recover once the database accepted connections again");
    }

    /// <summary>Runs statements in the server's maintenance database, as the superuser the tests' server has.</summary>
    private static async Task AdministerAsync(string connectionString, params string[] statements)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
