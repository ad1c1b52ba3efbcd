using ObjectStore.Client.Feeds;
using ObjectStore.Tests.Feeds.Unit;

namespace ObjectStore.Tests.Client;

/// <summary>How a consumer of an ordered feed runs a partition's handlers one after another, in the order fetched.</summary>
[Kind(TestKind.Unit)]
public sealed class PartitionTurnsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10); // Fails a broken test rather than hang it; never waited out when it passes.

    private readonly PartitionTurns _turns = new();

    [Fact]
    public async Task A_partition_s_turns_follow_one_another_in_the_order_taken_and_other_partitions_do_not_wait()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var elsewhere = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var firstTurn = _turns.TakeTurn(FeedTestData.PartitionHash("a"), first.Task);
        var secondTurn = _turns.TakeTurn(FeedTestData.PartitionHash("a"), second.Task);
        var thirdTurn = _turns.TakeTurn(FeedTestData.PartitionHash("a"), Task.CompletedTask);
        var otherTurn = _turns.TakeTurn(FeedTestData.PartitionHash("b"), elsewhere.Task);

        Assert.True(firstTurn.IsCompleted);
        Assert.True(otherTurn.IsCompleted);
        Assert.False(secondTurn.IsCompleted);
        first.SetResult();
        await secondTurn.WaitAsync(Bound);
        Assert.False(thirdTurn.IsCompleted);
        second.SetResult();
        await thirdTurn.WaitAsync(Bound);
    }
}
