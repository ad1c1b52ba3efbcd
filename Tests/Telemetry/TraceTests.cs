using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ObjectStore.Objects;
using ObjectStore.Silo.Telemetry;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ObjectStore.Tests.Telemetry;

/// <summary>
/// One HTTP PUT of an object makes one trace: ASP.NET Core's span of the request, Orleans' spans of the grain calls it
/// makes, and the commit's spans with the database's. The commit runs in the silo's committer, away from the request,
/// so the trace is whole only because the commit takes its caller's span as parent. The silo's spans go to an
/// in-memory exporter; spans of other silos in the process carry other traces.
/// </summary>
[Kind(TestKind.Http)]
public sealed class TraceTests
{
    private const long Owner = 351775001412007;

    [Fact, Backend(StorageProvider.Sqlite)]
    public Task A_put_on_SQLite_is_one_trace_from_the_request_through_the_grains_to_the_commit() => PutIsOneTraceAsync(StorageProvider.Sqlite, "sqlite");

    [Fact, Backend(StorageProvider.PostgreSql)]
    public async Task A_put_on_PostgreSQL_is_one_trace_from_the_request_through_the_grains_to_Npgsql_commands()
    {
        var trace = await PutIsOneTraceAsync(StorageProvider.PostgreSql, "postgresql");

        var commit = trace.Single(span => span.OperationName == "objectstore.commit");
        Assert.Contains(trace, span => span.Source.Name == "Npgsql" && IsWithin(span, commit, trace));
    }

    [Fact, Backend(StorageProvider.Sqlite)]
    public async Task Puts_that_share_a_group_commit_each_reach_it_from_their_own_trace()
    {
        var spans = new Spans();
        await using var silo = await HttpSilo.StartWithServicesAsync(StorageProvider.Sqlite,
            services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddObjectStoreInstrumentation().AddInMemoryExporter(spans)));
        using var client = silo.As(Owner);
        var partition = await NewPartitionAsync(client);
        var paths = new List<string>();
        var puts = new List<Task<HttpResponseMessage>>();
        for (var index = 0; index < 8; index++)
        {
            var body = ObjectIn(partition, $"together-{index}");
            var path = $"/object/v1/objects/{HashOf(body).ToUrlSafe()}";
            paths.Add(path);
            puts.Add(client.PutAsync(path, new StringContent(body, Encoding.UTF8, "application/json")));
        }

        foreach (var response in await Task.WhenAll(puts))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        // However the eight writes were batched, each request's trace holds the group commit that carried its write, or is linked from it.
        foreach (var path in paths)
        {
            var request = await WaitForAsync(spans, span => span.Kind == ActivityKind.Server && span.GetTagItem("url.path") as string == path);
            await WaitForAsync(spans, span => span.OperationName == "objectstore.group_commit"
                && (span.TraceId == request.TraceId || span.Links.Any(link => link.Context.TraceId == request.TraceId)));
        }
    }

    private static async Task<IReadOnlyList<Activity>> PutIsOneTraceAsync(StorageProvider provider, string databaseSystem)
    {
        var spans = new Spans();
        await using var silo = await HttpSilo.StartWithServicesAsync(provider,
            services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddObjectStoreInstrumentation().AddInMemoryExporter(spans)));
        using var client = silo.As(Owner);
        var partition = await NewPartitionAsync(client);
        var body = ObjectIn(partition, "traced");
        var path = $"/object/v1/objects/{HashOf(body).ToUrlSafe()}";

        using var response = await client.PutAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var request = await WaitForAsync(spans, span => span.Kind == ActivityKind.Server && span.GetTagItem("url.path") as string == path);
        var trace = await WaitForTraceAsync(spans, request.TraceId, span => span.OperationName == "objectstore.commit");
        var grainCalls = trace.Where(span => span.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(grainCalls);
        Assert.Contains(grainCalls, span => span.OperationName.Contains("PartitionGrain", StringComparison.OrdinalIgnoreCase)
            || span.OperationName.Contains("IPartitionWriter", StringComparison.Ordinal));
        var commit = trace.Single(span => span.OperationName == "objectstore.commit");
        Assert.Equal(databaseSystem, commit.GetTagItem("db.system.name"));
        Assert.Equal(1, commit.GetTagItem("objectstore.commit.writes"));
        Assert.True(IsWithin(commit, request, trace), "the commit descends from the request's span");
        return trace;
    }

    private static string ObjectIn(string partition, string sortKey) => new JsonObject
    {
        ["_type"] = "com.symphony.s2.model.object.StoredApplicationObject",
        ["_version"] = "1.0",
        ["encryptedPayload"] = "dHJhY2Vk",
        ["hashType"] = 1,
        ["owner"] = Owner,
        ["partitionHash"] = partition,
        ["sortKey"] = sortKey,
    }.ToJsonString();

    /// <summary>Whether <paramref name="span"/> descends from <paramref name="ancestor"/> through spans of <paramref name="trace"/>.</summary>
    private static bool IsWithin(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }

            parent = trace.FirstOrDefault(candidate => candidate.SpanId == parent)?.ParentSpanId ?? default;
        }

        return false;
    }

    private static async Task<string> NewPartitionAsync(HttpClient client)
    {
        var upsert = new JsonObject
        {
            ["_type"] = "com.symphony.s2.model.object.UpsertPartitionRequest",
            ["partitionId"] = new JsonObject { ["_type"] = "com.symphony.s2.model.object.NamedUserIdObject", ["name"] = "traced", ["userId"] = Owner },
        }.ToJsonString();
        using var response = await client.PostAsync("/object/v1/partitions/upsert", new StringContent(upsert, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return HashOf(JsonNode.Parse(text)!["id"]!.ToJsonString()).Value;
    }

    private static Hash HashOf(string json)
    {
        using var document = CanonicalJson.Parse(Encoding.UTF8.GetBytes(json));
        return CanonicalJson.HashOf(CanonicalJson.Serialize(document.RootElement));
    }

    /// <summary>A span is exported when it ends, which for the request's span is just after its answer was sent.</summary>
    private static async Task<Activity> WaitForAsync(Spans spans, Func<Activity, bool> match)
    {
        Activity? found = null;
        await Eventually.UntilAsync(() => (found = spans.Snapshot().FirstOrDefault(match)) is not null, "the span is exported");
        return found!;
    }

    private static async Task<IReadOnlyList<Activity>> WaitForTraceAsync(Spans spans, ActivityTraceId traceId, Func<Activity, bool> holding)
    {
        await WaitForAsync(spans, span => span.TraceId == traceId && holding(span));
        return [.. spans.Snapshot().Where(span => span.TraceId == traceId)];
    }

    /// <summary>The exporter adds spans from whichever thread ends them.</summary>
    private sealed class Spans : Collection<Activity>
    {
        private readonly Lock _gate = new();

        public List<Activity> Snapshot()
        {
            lock (_gate)
            {
                return [.. this];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (_gate)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
