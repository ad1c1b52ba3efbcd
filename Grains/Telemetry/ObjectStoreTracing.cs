using System.Diagnostics;
using ObjectStore.Storage;

namespace ObjectStore.Telemetry;

/// <summary>
/// The store's spans, on the activity source <see cref="SourceName"/>. Writes are group-committed: one database
/// transaction carries the writes of many callers, run by the silo's committer outside any caller's request. So the
/// group commit's span is a child of its first caller's span and links every other caller's: each request's trace
/// holds its commit, or links to the trace that does. Beneath it, the transaction's own span (the database command
/// spans Npgsql makes are its children; SQLite makes none, so this one stands for its commands). Without a listener
/// (no trace exporter configured) no span is made.
/// </summary>
public sealed class ObjectStoreTracing : IDisposable
{
    public const string SourceName = "ObjectStore";

    private readonly ActivitySource _source = new(SourceName);

    /// <summary>
    /// Starts the span of a group commit for callers whose span contexts were <paramref name="callers"/> (default where a
    /// caller had none), or null when nobody listens. The span becomes <see cref="Activity.Current"/>, replacing whatever
    /// the committer's loop inherited from the caller that started it.
    /// </summary>
    public Activity? StartGroupCommit(IReadOnlyList<ActivityContext> callers)
    {
        if (!_source.HasListeners())
        {
            return null;
        }

        var traced = callers.Where(context => context != default).Distinct().ToList();
        Activity.Current = null;
        var activity = _source.StartActivity("objectstore.group_commit", ActivityKind.Internal, traced.FirstOrDefault(),
            links: traced.Skip(1).Select(context => new ActivityLink(context)));
        activity?.SetTag("objectstore.commit.callers", callers.Count);
        return activity;
    }

    /// <summary>The span of one database transaction that commits <paramref name="writes"/> objects, under the current span.</summary>
    public Activity? StartTransaction(StorageProvider provider, int writes)
    {
        var activity = _source.StartActivity("objectstore.commit", ActivityKind.Client);
        activity?.SetTag("db.system.name", provider == StorageProvider.PostgreSql ? "postgresql" : "sqlite");
        activity?.SetTag("db.operation.name", "COMMIT");
        activity?.SetTag("objectstore.commit.writes", writes);
        return activity;
    }

    public void Dispose() => _source.Dispose();
}
