using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Storage;
using ObjectStore.Tests.Feeds.Unit;

namespace ObjectStore.Tests.Partitions;

/// <summary>
/// What the feeds of a silo read of the permissions of partitions whose grains are active there: what the activation
/// published last, and nothing of an activation that ended, so that they fall back to asking the partition's grain.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class LocalPartitionPermissionsTests
{
    private const long Owner = 7;
    private const long Reader = 8;

    private readonly Hash _partition = FeedTestData.PartitionHash("a");
    private readonly LocalPartitionPermissions _permissions = new();

    [Fact]
    public void A_partition_whose_grain_is_not_active_here_is_not_known()
    {
        Assert.Null(_permissions.Find(_partition, Reader));
    }

    [Fact]
    public void The_latest_published_permissions_answer_for_owner_reader_and_stranger()
    {
        var activation = new TaskCompletionSource();
        _permissions.Publish(Record(Permission.Read), activation.Task);

        _permissions.Publish(Record(Permission.None), activation.Task);

        Assert.Equal(Permission.None, _permissions.Find(_partition, Reader));
        Assert.Equal(Permission.Read | Permission.Write, _permissions.Find(_partition, Owner));
        Assert.Equal(Permission.None, _permissions.Find(_partition, 9));
    }

    [Fact]
    public void An_activation_that_ended_is_not_read_even_if_it_never_withdrew()
    {
        var activation = new TaskCompletionSource();
        _permissions.Publish(Record(Permission.Read), activation.Task);

        activation.SetResult();

        Assert.Null(_permissions.Find(_partition, Reader));
    }

    [Fact]
    public void An_older_activation_withdrawing_leaves_the_newer_one_published()
    {
        var older = new TaskCompletionSource();
        var newer = new TaskCompletionSource();
        _permissions.Publish(Record(Permission.Read), older.Task);
        _permissions.Publish(Record(Permission.None), newer.Task);

        _permissions.Withdraw(_partition, older.Task);
        Assert.Equal(Permission.None, _permissions.Find(_partition, Reader));

        _permissions.Withdraw(_partition, newer.Task);
        Assert.Null(_permissions.Find(_partition, Reader));
    }

    private PartitionRecord Record(Permission reader) =>
        new(_partition, new PartitionId("a", Owner), [], new Dictionary<long, Permission> { [Reader] = reader });
}
