using System.Collections.Concurrent;
using ObjectStore.Feeds;
using ObjectStore.Objects;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// A grain call filter of every test silo that counts, per feed, the fetches the feed's grain is answering (a long
/// poll counts until it answers): how many fetches a consumer keeps in flight, seen where they arrive. One per silo,
/// so no test cluster shares it.
/// </summary>
public sealed class FeedFetchWatcher : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> _inProgress = new();

    /// <summary>The fetches of the feed that this silo's grain has received and not yet answered.</summary>
    public int InProgress(Hash feedHash) => _inProgress.GetValueOrDefault(feedHash.Value);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType != typeof(IFeedGrain) || context.InterfaceMethod.Name != nameof(IFeedGrain.FetchAsync))
        {
            await context.Invoke();
            return;
        }

        // A feed grain's key is its feed's hash.
        var feed = context.TargetId.Key.ToString()!;
        _inProgress.AddOrUpdate(feed, 1, (_, count) => count + 1);
        try
        {
            await context.Invoke();
        }
        finally
        {
            _inProgress.AddOrUpdate(feed, 0, (_, count) => count - 1);
        }
    }
}
