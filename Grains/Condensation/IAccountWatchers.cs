using Orleans.Concurrency;

namespace ObjectStore.Condensation;

/// <summary>Wakes the lists that watch an account's boxes after a modify changed them elsewhere.</summary>
[Alias("ObjectStore.IAccountWatchers")]
public interface IAccountWatchers : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task BoxesChangedAsync(IReadOnlyList<BoxLabel> boxes);
}
