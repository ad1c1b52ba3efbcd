using Microsoft.Extensions.Time.Testing;
using ObjectStore.Silo.Http.RateLimiting;

namespace ObjectStore.Tests.Http;

/// <summary>
/// The buckets behind the rate limits, on a fake clock: a burst of the token limit, then tokens per whole period, never
/// more than the limit however long a caller was away, and full buckets forgotten once the map has grown.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class TokenBucketsTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_new_caller_gets_its_burst_then_is_refused_until_the_next_refill()
    {
        var buckets = new TokenBuckets(tokenLimit: 3, tokensPerPeriod: 1, Period, _clock);

        Assert.Equal(3, Takes(buckets, "a"));
        _clock.Advance(TimeSpan.FromMilliseconds(400));

        Assert.False(buckets.TryTake("a", out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(600), retryAfter);
        Assert.True(buckets.TryTake("b", out _));
    }

    [Fact]
    public void Each_whole_period_gives_back_its_tokens_and_a_part_of_one_gives_none()
    {
        var buckets = new TokenBuckets(tokenLimit: 10, tokensPerPeriod: 2, Period, _clock);
        Assert.Equal(10, Takes(buckets, "a"));

        _clock.Advance(TimeSpan.FromMilliseconds(2500));
        Assert.Equal(4, Takes(buckets, "a"));

        // The half period left over counts towards the next refill.
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, Takes(buckets, "a"));
    }

    [Fact]
    public void IsEmpty_says_when_a_bucket_is_spent_and_until_when_without_taking_a_token()
    {
        var buckets = new TokenBuckets(tokenLimit: 2, tokensPerPeriod: 2, Period, _clock);
        Assert.False(buckets.IsEmpty("unseen", out _));
        Assert.True(buckets.TryTake("a", out _));
        Assert.False(buckets.IsEmpty("a", out _));
        Assert.True(buckets.TryTake("a", out _));

        _clock.Advance(Period / 4);

        Assert.True(buckets.IsEmpty("a", out var retryAfter));
        Assert.Equal(Period - (Period / 4), retryAfter);
        _clock.Advance(Period - (Period / 4));
        Assert.False(buckets.IsEmpty("a", out _));
        Assert.Equal(2, Takes(buckets, "a"));
    }

    [Fact]
    public void A_caller_away_for_long_gets_back_no_more_than_its_burst()
    {
        var buckets = new TokenBuckets(tokenLimit: 5, tokensPerPeriod: 3, Period, _clock);
        Assert.Equal(5, Takes(buckets, "a"));

        _clock.Advance(TimeSpan.FromDays(3650));

        Assert.Equal(5, Takes(buckets, "a"));
    }

    [Fact]
    public void Full_buckets_are_forgotten_once_the_map_reaches_its_sweep_size_and_busy_ones_are_kept()
    {
        const int sweepSize = 100;
        var buckets = new TokenBuckets(tokenLimit: 2, tokensPerPeriod: 1, Period, _clock, sweepSize);
        Assert.Equal(2, Takes(buckets, "busy"));
        for (var caller = 0; caller < sweepSize - 1; caller++)
        {
            Assert.True(buckets.TryTake($"caller {caller}", out _));
        }

        _clock.Advance(2 * Period);
        Assert.Equal(2, Takes(buckets, "busy"));
        Assert.True(buckets.TryTake("newcomer", out _));

        // The callers away for two periods were full again; the busy one and the newcomer are all that is left.
        Assert.Equal(2, buckets.Count);
        Assert.False(buckets.TryTake("busy", out _));
    }

    [Fact]
    public void Many_callers_within_one_refill_time_keep_the_map_within_twice_their_number()
    {
        const int sweepSize = 16;
        var buckets = new TokenBuckets(tokenLimit: 1, tokensPerPeriod: 1, Period, _clock, sweepSize);
        var largest = 0;
        for (var round = 0; round < 10; round++)
        {
            for (var caller = 0; caller < 50; caller++)
            {
                Assert.True(buckets.TryTake($"round {round} caller {caller}", out _));
                largest = Math.Max(largest, buckets.Count);
            }

            _clock.Advance(Period);
        }

        Assert.InRange(largest, 50, 2 * (50 + 50));
    }

    private static int Takes(TokenBuckets buckets, string key)
    {
        var taken = 0;
        while (buckets.TryTake(key, out _))
        {
            taken++;
        }

        return taken;
    }
}
