namespace ObjectStore.Silo.Http.RateLimiting;

/// <summary>
/// One token bucket per key, refilled from the time elapsed when the key is next seen rather than by a timer, so that
/// an idle silo spends nothing on them. Every whole <c>period</c> since a bucket's last refill gives back
/// <c>tokensPerPeriod</c> tokens, up to <c>tokenLimit</c>. A bucket that has refilled to its limit is indistinguishable
/// from a new one, so such buckets are dropped when the map has doubled since its last sweep: memory stays within twice
/// the callers seen within one refill time (or the sweep size), and no caller gains by being forgotten.
/// </summary>
public sealed class TokenBuckets(int tokenLimit, int tokensPerPeriod, TimeSpan period, TimeProvider clock, int sweepSize = TokenBuckets.DefaultSweepSize)
{
    /// <summary>Below this many buckets the map is never swept: sweeping a small map costs more than it saves.</summary>
    public const int DefaultSweepSize = 1024;

    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly long _origin = clock.GetTimestamp();
    private readonly int _sweepSize = sweepSize;
    private int _sweepAt = sweepSize;

    /// <summary>The buckets held now, full ones not yet swept included.</summary>
    public int Count
    {
        get
        {
            lock (_buckets)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>
    /// Takes a token from <paramref name="key"/>'s bucket; when it is empty, says how long until the next refill instead.
    /// </summary>
    public bool TryTake(string key, out TimeSpan retryAfter)
    {
        var now = clock.GetElapsedTime(_origin);
        lock (_buckets)
        {
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                SweepWhenGrown(now);
                bucket = new Bucket(tokenLimit, now);
            }

            bucket = Refilled(bucket, now);
            if (bucket.Tokens == 0)
            {
                _buckets[key] = bucket;
                retryAfter = UntilRefill(bucket, now);
                return false;
            }

            _buckets[key] = bucket with { Tokens = bucket.Tokens - 1 };
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>
    /// Whether <paramref name="key"/>'s bucket is empty now, and if so how long until its next refill; takes nothing. For
    /// callers that spend tokens only on some outcomes (a failed sign-in) but must be refused before they try again.
    /// </summary>
    public bool IsEmpty(string key, out TimeSpan retryAfter)
    {
        var now = clock.GetElapsedTime(_origin);
        lock (_buckets)
        {
            if (_buckets.TryGetValue(key, out var bucket) && Refilled(bucket, now) is { Tokens: 0 } empty)
            {
                retryAfter = UntilRefill(empty, now);
                return true;
            }

            retryAfter = TimeSpan.Zero;
            return false;
        }
    }

    private void SweepWhenGrown(TimeSpan now)
    {
        if (_buckets.Count < _sweepAt)
        {
            return;
        }

        foreach (var (key, bucket) in _buckets)
        {
            if (Refilled(bucket, now).Tokens == tokenLimit)
            {
                _buckets.Remove(key);
            }
        }

        _sweepAt = Math.Max(_sweepSize, 2 * _buckets.Count);
    }

    private Bucket Refilled(Bucket bucket, TimeSpan now)
    {
        var periods = (now - bucket.RefilledAt).Ticks / period.Ticks;
        if (periods == 0)
        {
            return bucket;
        }

        // Enough periods to fill any bucket are counted as such, so that a long idle key cannot overflow the sum.
        var tokens = periods >= tokenLimit ? tokenLimit : Math.Min(tokenLimit, bucket.Tokens + (periods * tokensPerPeriod));
        return new Bucket((int)tokens, bucket.RefilledAt + TimeSpan.FromTicks(period.Ticks * periods));
    }

    private TimeSpan UntilRefill(Bucket bucket, TimeSpan now) => period - (now - bucket.RefilledAt);

    private readonly record struct Bucket(int Tokens, TimeSpan RefilledAt);
}
