using ObjectStore.Feeds;

namespace ObjectStore.Tests.Feeds;

/// <summary>A feed status's counts, which compare by value (its lag per partition is a list).</summary>
internal static class FeedStatusCounts
{
    public static (int Pending, int InFlight, int DeadLetters, bool Backlog) Counts(this FeedStatus status) =>
        (status.Pending, status.InFlight, status.DeadLetters, status.Backlog);
}
