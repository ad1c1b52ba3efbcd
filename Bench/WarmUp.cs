using System.Globalization;

namespace ObjectStore.Bench;

/// <summary>What a phase's warm-up ran before the phase was measured (see <see cref="Phase.WarmUpAsync"/>).</summary>
/// <param name="Rounds">Rounds of <c>--warmup</c> operations.</param>
/// <param name="Operations">Operations run in all.</param>
/// <param name="CompiledMethods">Methods the runtime compiled meanwhile.</param>
/// <param name="Settled">Whether the last round compiled fewer than <see cref="Phase.QuietCompilations"/> methods.</param>
public sealed record WarmUp(int Rounds, int Operations, long CompiledMethods, bool Settled, TimeSpan Elapsed)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Rounds} rounds, {Operations:N0} operations, {CompiledMethods:N0} methods compiled, {Elapsed.TotalSeconds:F1} s{(Settled ? "" : ", still compiling")}");
}
