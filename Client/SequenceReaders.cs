using System.Runtime.CompilerServices;
using ObjectStore.Objects;
using ObjectStore.Sequences;

namespace ObjectStore.Client;

/// <summary>
/// Sequences as <see cref="IAsyncEnumerable{T}"/>: each reader pages through <see cref="ObjectStoreClient"/> as it is
/// enumerated, one page ahead of nothing, following the cursors the store answers.
/// </summary>
public static class SequenceReaders
{
    /// <summary>A partition's log in commit order, from the query's cursor (or the start) to its end.</summary>
    public static IAsyncEnumerable<LogEntry> ReadLogAsync(
        this ObjectStoreClient client, long userId, Hash partitionHash, SequenceQuery? query = null, CancellationToken cancellationToken = default) =>
        ReadAsync(query, next => client.PageLogAsync(userId, partitionHash, next), cancellationToken);

    /// <summary>The absolute or current view of a partition's objects, from the query's cursor (or the start) to its end.</summary>
    public static IAsyncEnumerable<StoredObject> ReadPartitionSequenceAsync(
        this ObjectStoreClient client, long userId, Hash partitionHash, SequenceView view, SequenceQuery? query = null, CancellationToken cancellationToken = default) =>
        ReadAsync(query, next => client.PagePartitionSequenceAsync(userId, partitionHash, view, next), cancellationToken);

    /// <summary>The absolute or current view of a thread's objects in the partitions the user may read.</summary>
    public static IAsyncEnumerable<StoredObject> ReadThreadSequenceAsync(
        this ObjectStoreClient client, long userId, string threadId, SequenceView view, SequenceQuery? query = null, CancellationToken cancellationToken = default) =>
        ReadAsync(query, next => client.PageThreadSequenceAsync(userId, threadId, view, next), cancellationToken);

    /// <summary>
    /// Follows the firehose from <paramref name="after"/> (a cursor, <see cref="FirehosePosition.ToCursor"/> of the last
    /// entry handled; the start when null) until cancelled: when it has caught up it asks again every
    /// <paramref name="idleInterval"/> (1 second by default). Each entry's position is the cursor to resume from.
    /// </summary>
    public static async IAsyncEnumerable<FirehoseEntry> FollowFirehoseAsync(
        this ObjectStoreClient client, long userId, string? after = null, TimeSpan? idleInterval = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = after;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await client.PageFirehoseAsync(userId, new FirehoseQuery { After = cursor });
            foreach (var entry in page.Items)
            {
                yield return entry;
            }

            cursor = page.After;
            if (page.Items.Count == 0)
            {
                await Task.Delay(idleInterval ?? TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static async IAsyncEnumerable<T> ReadAsync<T>(
        SequenceQuery? query, Func<SequenceQuery, Task<Page<T>>> readPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = query ?? new SequenceQuery();
        if (next.Before is not null)
        {
            throw new ArgumentException("A reader starts at the query's 'after' cursor, or at the start; page with 'before' through ObjectStoreClient.", nameof(query));
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await readPage(next);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            if (page.After is null)
            {
                yield break;
            }

            next = next with { After = page.After };
        }
    }
}
