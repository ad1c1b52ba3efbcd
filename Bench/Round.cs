using System.Text.Json.Serialization;

namespace ObjectStore.Bench;

/// <summary>
/// One store round and the baseline round run beside it, on the same server within seconds of each other, so that the
/// load of whatever else runs on the machine weighs on both alike. The JSON carries their rates and the ratio.
/// </summary>
public sealed record Round([property: JsonIgnore] PhaseResult Store, [property: JsonIgnore] PhaseResult Baseline)
{
    [JsonPropertyName("store")]
    public double StoreRate => Store.OperationsPerSecond;

    [JsonPropertyName("baseline")]
    public double BaselineRate => Baseline.OperationsPerSecond;

    /// <summary>Store rate over this round's own baseline rate.</summary>
    [JsonPropertyName("ratio")]
    public double Ratio => StoreRate / BaselineRate;
}
