using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ObjectStore.Expiry;
using ObjectStore.Storage;

namespace ObjectStore.Telemetry;

/// <summary>
/// The store's own instruments, on the meter <see cref="MeterName"/>, made by the host's <see cref="IMeterFactory"/>: each
/// silo has its own meter, so silos sharing a process (tests) report apart, and the meter goes with the host.
/// <para>
/// No instrument is tagged by a value that grows with use (a feed, a partition, a user): refusals carry their problem
/// code, a closed set, and the feeds are summed over the feeds active on the silo. A feed's own figures are its status.
/// </para>
/// </summary>
public sealed class ObjectStoreMetrics
{
    public const string MeterName = "ObjectStore";

    public const string UnreadCommitsName = "objectstore.commits.unread";

    private static readonly int[] WriteBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
    private static readonly long[] ByteBuckets = [256, 1_024, 4_096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216];
    private static readonly double[] CommitSecondBuckets = [0.0005, 0.001, 0.002, 0.004, 0.006, 0.008, 0.01, 0.015, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15];
    private static readonly double[] SecondBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly ConcurrentDictionary<FeedFigures, byte> _feeds = new();
    private readonly Counter<long> _commits;
    private readonly Histogram<int> _commitWrites;
    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<long> _objectSize;
    private readonly Counter<long> _unreadCommits;
    private readonly Counter<long> _refusals;
    private readonly Histogram<long> _requestSize;
    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _deliveryLatency;
    private long _deadLettered;
    private readonly Counter<long> _condensationPuts;
    private readonly Counter<long> _condensationLists;
    private readonly Counter<long> _condensationWatches;
    private readonly Counter<long> _collectionKept;
    private readonly Counter<long> _collectionRemoved;
    private readonly Histogram<double> _collectionDuration;
    private readonly Counter<long> _purgedObjects;
    private readonly Counter<long> _purgedFeeds;
    private readonly Histogram<double> _purgeDuration;

    /// <summary>This silo's meter: what a listener compares an instrument's meter with, to hear one silo among several in a process.</summary>
    public Meter Meter { get; }

    public ObjectStoreMetrics(IMeterFactory meters)
    {
        var meter = Meter = meters.Create(MeterName);
        _commits = meter.CreateCounter<long>("objectstore.commits", "{commit}", "Database transactions that committed writes (a group commit counts once)");
        _commitWrites = meter.CreateHistogram("objectstore.commit.writes", "{write}", "Objects written by one database transaction: the group commit's batch size",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = WriteBuckets });
        _commitDuration = meter.CreateHistogram("objectstore.commit.duration", "s",
            "A transaction of writes that committed, from the batch's start (applying its units in memory included, and a refused attempt) to its commit's return",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CommitSecondBuckets });
        _objectSize = meter.CreateHistogram("objectstore.object.size", "By", "Canonical bytes of each object committed",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = ByteBuckets });
        _unreadCommits = meter.CreateCounter<long>(UnreadCommitsName, "{transaction}",
            "Batches of creates sent without reads, by outcome: committed, or refused by the database (another writer moved a partition, or an object or sort key was there) and sent again, reading first");
        _refusals = meter.CreateCounter<long>("objectstore.refusals", "{request}", "Requests refused, by problem code (version-conflict, forbidden, ...)");
        _requestSize = meter.CreateHistogram("objectstore.request.size", "By", "Bytes of each request body read",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = ByteBuckets });
        _deliveries = meter.CreateCounter<long>("objectstore.feed.deliveries", "{message}", "Messages handed to a fetch, redeliveries included");
        _deliveryLatency = meter.CreateHistogram("objectstore.feed.delivery.latency", "s", "From a write's commit to the fetch that first delivers it (writes a feed learnt of by notice)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondBuckets });
        // Observed rather than added to, so that it reads 0 from the first scrape: a rare event's rate is still a series.
        meter.CreateObservableCounter("objectstore.feed.dead_lettered", () => Volatile.Read(ref _deadLettered), "{message}",
            "Messages moved to a feed's dead letters after their last attempt");
        meter.CreateObservableGauge("objectstore.feeds.active", () => _feeds.Count, "{feed}", "Feeds active on this silo");
        meter.CreateObservableGauge("objectstore.feed.backlog", () => _feeds.Keys.Sum(feed => (long)feed.Waiting), "{message}",
            "Messages the silo's active feeds hold visible, waiting for a fetch");
        meter.CreateObservableGauge("objectstore.feed.in_flight", () => _feeds.Keys.Sum(feed => (long)feed.InFlight), "{message}",
            "Messages delivered and neither acknowledged nor visible again, over the silo's active feeds");
        meter.CreateObservableGauge("objectstore.feeds.behind", () => _feeds.Keys.Count(feed => feed.Behind), "{feed}",
            "Active feeds whose partition logs hold more than their buffers (a full buffer, or a load to come)");
        _condensationPuts = meter.CreateCounter<long>("objectstore.condensation.puts", "{object}", "Condensation objects stored by puts and modifies");
        _condensationLists = meter.CreateCounter<long>("objectstore.condensation.lists", "{request}", "Condensation box lists");
        _condensationWatches = meter.CreateCounter<long>("objectstore.condensation.watches", "{request}", "Condensation box lists that waited for a change (Condensation-Watch)");
        _collectionKept = meter.CreateCounter<long>("objectstore.condensation.gc.kept", "{object}", "Objects Condensation garbage collections kept, summed over runs");
        _collectionRemoved = meter.CreateCounter<long>("objectstore.condensation.gc.removed", "{object}", "Objects Condensation garbage collections removed");
        _collectionDuration = meter.CreateHistogram("objectstore.condensation.gc.duration", "s", "How long one Condensation garbage collection took",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondBuckets });
        _purgedObjects = meter.CreateCounter<long>("objectstore.purge.objects", "{object}", "Expired objects the purge removed");
        _purgedFeeds = meter.CreateCounter<long>("objectstore.purge.feeds", "{feed}", "Expired feeds the purge removed");
        _purgeDuration = meter.CreateHistogram("objectstore.purge.duration", "s", "How long one purge took",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondBuckets });
    }

    /// <summary>
    /// A database transaction committed <paramref name="objectSizes"/>: the canonical bytes of each object written, after
    /// <paramref name="duration"/>. One whose every write failed its checks (a version conflict, say) wrote nothing and is
    /// not counted.
    /// </summary>
    public void Committed(IReadOnlyCollection<int> objectSizes, TimeSpan duration)
    {
        if (objectSizes.Count == 0)
        {
            return;
        }

        _commits.Add(1);
        _commitWrites.Record(objectSizes.Count);
        _commitDuration.Record(duration.TotalSeconds);
        foreach (var size in objectSizes)
        {
            _objectSize.Record(size);
        }
    }

    /// <summary>A batch of creates sent without reads committed, or was refused by the database and goes again reading first.</summary>
    public void UnreadCommit(bool refused) => _unreadCommits.Add(1, new KeyValuePair<string, object?>("outcome", refused ? "refused" : "committed"));

    public void Refused(string code) => _refusals.Add(1, new KeyValuePair<string, object?>("code", code));

    public void RequestRead(long bytes) => _requestSize.Record(bytes);

    /// <summary>A fetch delivered a message; <paramref name="sinceCommit"/> when it is the first delivery of a write whose commit time the feed knows.</summary>
    public void Delivered(TimeSpan? sinceCommit)
    {
        _deliveries.Add(1);
        if (sinceCommit is { } latency)
        {
            _deliveryLatency.Record(Math.Max(0, latency.TotalSeconds));
        }
    }

    public void DeadLettered() => Interlocked.Increment(ref _deadLettered);

    /// <summary>A feed grain's figures, counted in the feed gauges until <see cref="ForgetFeed"/>.</summary>
    public FeedFigures TrackFeed()
    {
        var figures = new FeedFigures();
        _feeds.TryAdd(figures, 0);
        return figures;
    }

    public void ForgetFeed(FeedFigures figures) => _feeds.TryRemove(figures, out _);

    public void CondensationPut(int objects) => _condensationPuts.Add(objects);

    public void CondensationListed(bool watched)
    {
        _condensationLists.Add(1);
        if (watched)
        {
            _condensationWatches.Add(1);
        }
    }

    public void Collected(CollectionReport report, TimeSpan duration)
    {
        _collectionKept.Add(report.Kept);
        _collectionRemoved.Add(report.Removed);
        _collectionDuration.Record(duration.TotalSeconds);
    }

    public void Purged(ExpiryReport report, TimeSpan duration)
    {
        _purgedObjects.Add(report.Removed);
        _purgedFeeds.Add(report.FeedsExpired);
        _purgeDuration.Record(duration.TotalSeconds);
    }
}
