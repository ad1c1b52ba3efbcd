using System.Text.Json.Nodes;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// The runtime settings each way of running the silo starts with: the single silo compiles each method once (an idle silo
/// recompiled Orleans' periodic code for an hour after start); the cluster image and the Bench keep tiered compilation,
/// for busy silos, with methods recompiled after 1,000 calls rather than 30; and all keep the thread pool from spinning
/// before a worker sleeps.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class SiloRuntimeSettingsTests
{
    private const string TieredCompilation = "System.Runtime.TieredCompilation";
    private const string CallCountThreshold = "System.Runtime.TieredCompilation.CallCountThreshold";
    private const string SpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    [Fact]
    public void The_single_silo_compiles_each_method_once()
    {
        var silo = RuntimeSettings("ObjectStore.Silo");

        Assert.False(silo[TieredCompilation]!.GetValue<bool>());
        Assert.Equal(0, silo[SpinLimit]!.GetValue<int>());
    }

    [Fact]
    public void The_bench_and_the_cluster_image_keep_tiered_compilation_and_recompile_after_a_thousand_calls()
    {
        var bench = RuntimeSettings("ObjectStore.Bench");
        var dockerfile = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Deployment", "Dockerfile"));

        Assert.False(bench.ContainsKey(TieredCompilation));
        Assert.Equal(1000, bench[CallCountThreshold]!.GetValue<int>());
        Assert.Equal(1000, RuntimeSettings("ObjectStore.Silo")[CallCountThreshold]!.GetValue<int>());
        Assert.Equal(0, bench[SpinLimit]!.GetValue<int>());
        Assert.Contains("ENV DOTNET_TieredCompilation=1", dockerfile);
    }

    /// <summary>The configProperties of a project's runtimeconfig.json, copied next to the tests by its project reference.</summary>
    private static JsonObject RuntimeSettings(string assembly) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, $"{assembly}.runtimeconfig.json")))!["runtimeOptions"]!["configProperties"]!.AsObject();
}
