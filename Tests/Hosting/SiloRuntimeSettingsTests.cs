using System.Text.Json.Nodes;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// The runtime settings the silo ships with, and the Bench with it so that it measures the silo as it runs: methods are
/// recompiled after 1,000 calls rather than 30 (an idle silo recompiled Orleans' periodic code for an hour after start),
/// and the thread pool does not spin before a worker sleeps.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class SiloRuntimeSettingsTests
{
    private const string CallCountThreshold = "System.Runtime.TieredCompilation.CallCountThreshold";
    private const string SpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    [Theory]
    [InlineData("ObjectStore.Silo")]
    [InlineData("ObjectStore.Bench")]
    public void The_silo_and_the_bench_recompile_after_a_thousand_calls_and_keep_the_pool_from_spinning(string assembly)
    {
        var settings = RuntimeSettings(assembly);

        Assert.Equal(1000, settings[CallCountThreshold]!.GetValue<int>());
        Assert.Equal(0, settings[SpinLimit]!.GetValue<int>());
        Assert.False(settings.ContainsKey("System.Runtime.TieredCompilation"), "tiered compilation stays on: a busy silo runs its profile-guided code");
    }

    /// <summary>The configProperties of a project's runtimeconfig.json, copied next to the tests by its project reference.</summary>
    private static JsonObject RuntimeSettings(string assembly) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, $"{assembly}.runtimeconfig.json")))!["runtimeOptions"]!["configProperties"]!.AsObject();
}
