using System.Collections.Concurrent;
using ObjectStore.Objects;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// A grain call filter of every test silo that makes the news of a commit to the version grains of the series a test
/// names fail, as a call to a grain on a failing silo would: the store's own code runs unchanged around it. Dormant
/// until a test names a series; one per silo, so no test cluster shares it.
/// </summary>
public sealed class VersionNoticeDropper : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, bool> _dropped = new();

    public void Drop(Hash baseHash) => _dropped[baseHash.Value] = true;

    public Task Invoke(IIncomingGrainCallContext context) =>
        context.InterfaceMethod?.DeclaringType == typeof(IObjectVersionUpdater) && _dropped.ContainsKey(context.TargetId.Key.ToString())
            ? throw new InvalidOperationException($"The test drops the news for {context.TargetId.Key}.")
            : context.Invoke();
}
