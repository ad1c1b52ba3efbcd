using System.Globalization;

namespace ObjectStore.Objects;

/// <summary>Builds pages from rows fetched one past the limit, so that the last page is known without a count.</summary>
public static class Pages
{
    /// <summary>A page of a sequence-ordered list, whose cursors are the sequence numbers of its ends.</summary>
    public static Page<T> BySequence<T>(IReadOnlyList<T> rowsPlusOne, int limit, bool hadCursor, Func<T, long> sequence) =>
        Build(rowsPlusOne, limit, hadCursor, item => sequence(item).ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A page read in scan order: <c>Before</c> is the first item when the page did not start at the beginning,
    /// <c>After</c> the last item when more follow.
    /// </summary>
    public static Page<T> Build<T>(IReadOnlyList<T> rowsPlusOne, int limit, bool hadCursor, Func<T, string> cursor)
    {
        var items = rowsPlusOne.Take(limit).ToList();
        var hasMore = rowsPlusOne.Count > limit;
        return new Page<T>(
            items,
            hadCursor && items.Count > 0 ? cursor(items[0]) : null,
            hasMore ? cursor(items[^1]) : null);
    }

    /// <summary>
    /// A page read backwards from a <c>before</c> cursor and turned back into scan order: <c>Before</c> is its first
    /// item when more precede it, <c>After</c> its last item (the cursor's item follows it).
    /// </summary>
    public static Page<T> BuildBackwards<T>(IReadOnlyList<T> reversedRowsPlusOne, int limit, Func<T, string> cursor)
    {
        var items = reversedRowsPlusOne.Take(limit).Reverse().ToList();
        var hasMore = reversedRowsPlusOne.Count > limit;
        return new Page<T>(
            items,
            hasMore && items.Count > 0 ? cursor(items[0]) : null,
            items.Count > 0 ? cursor(items[^1]) : null);
    }
}
