using ObjectStore.Objects;

namespace ObjectStore.Sequences;

/// <summary>
/// The firehose: every commit of the whole store, for administrators (<c>ObjectStore:Administrators:UserIds</c>) only.
/// A stateless reader; key 0.
/// </summary>
[Alias("ObjectStore.IFirehoseGrain")]
public interface IFirehoseGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Commits after the query's cursor, in firehose order. The page's <c>After</c> is always the cursor to resume from
    /// (the one given when nothing new committed), since the firehose has no last page.
    /// </summary>
    Task<Page<FirehoseEntry>> PageAsync(long caller, FirehoseQuery query);
}
