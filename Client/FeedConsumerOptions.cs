using ObjectStore.Feeds;

namespace ObjectStore.Client;

/// <summary>How a <see cref="FeedConsumer"/> fetches, keeps messages invisible while it handles them, and retries.</summary>
public sealed class FeedConsumerOptions
{
    /// <summary>The most the acknowledgement of one request can carry: the store's limit on deletes per request.</summary>
    public const int MaxConcurrencyLimit = 100;

    private const int MaxVisibilitySeconds = 12 * 60 * 60;

    /// <summary>Messages handled at the same time (1 to 100). A fetch asks for no more than the free slots, at most 10.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// How long a fetch waits for a message when none is visible (1 to 20 seconds). Keep it below the Orleans client's
    /// response timeout (30 s by default), or an idle poll fails as a timeout.
    /// </summary>
    public int WaitTimeSeconds { get; set; } = FeedRequest.MaxWaitTimeSeconds;

    /// <summary>
    /// While a handler runs, its message is made invisible for this long (rounded up to whole seconds) every third of
    /// it. Keep it at the silo's <c>ObjectStore:Feeds:VisibilityTimeout</c> (default 30 s) or below: the first extension
    /// comes a third of this after the fetch, and it must come before the silo's timeout has passed.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a message whose handler threw stays invisible before it is delivered again (0 to 12 hours, rounded up
    /// to whole seconds). The default, 5 s, gives a transient failure downstream a moment to pass, and still moves a
    /// message that always fails to the dead letters within minutes (the silo's <c>MaxAttempts</c>, 25, deliveries).
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait after a fetch failed for a reason that may pass (a silo went away, the database failed); it doubles with each failure in a row.</summary>
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between fetches that keep failing.</summary>
    public TimeSpan MaxFailureBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock of the visibility extensions and of the failure backoff; tests give it a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal int VisibilityTimeoutSeconds => WholeSeconds(VisibilityTimeout);

    internal int RetryDelaySeconds => WholeSeconds(RetryDelay);

    /// <summary>Throws <see cref="ArgumentException"/> naming every option out of range.</summary>
    internal void Validate()
    {
        var problems = new List<string>();
        if (MaxConcurrency is < 1 or > MaxConcurrencyLimit)
        {
            problems.Add($"{nameof(MaxConcurrency)} must be between 1 and {MaxConcurrencyLimit}, was {MaxConcurrency}.");
        }

        // A wait of 0 would turn an idle consumer into a busy loop of fetches.
        if (WaitTimeSeconds is < 1 or > FeedRequest.MaxWaitTimeSeconds)
        {
            problems.Add($"{nameof(WaitTimeSeconds)} must be between 1 and {FeedRequest.MaxWaitTimeSeconds}, was {WaitTimeSeconds}.");
        }

        if (VisibilityTimeout < TimeSpan.FromSeconds(3) || VisibilityTimeout > TimeSpan.FromSeconds(MaxVisibilitySeconds))
        {
            problems.Add($"{nameof(VisibilityTimeout)} must be between 00:00:03 and 12:00:00, was {VisibilityTimeout}.");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromSeconds(MaxVisibilitySeconds))
        {
            problems.Add($"{nameof(RetryDelay)} must be between 00:00:00 and 12:00:00, was {RetryDelay}.");
        }

        if (FailureBackoff <= TimeSpan.Zero || MaxFailureBackoff < FailureBackoff)
        {
            problems.Add($"{nameof(FailureBackoff)} must be positive and {nameof(MaxFailureBackoff)} at least as long, were {FailureBackoff} and {MaxFailureBackoff}.");
        }

        if (TimeProvider is null)
        {
            problems.Add($"{nameof(TimeProvider)} is required.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid feed consumer options: " + string.Join(" ", problems));
        }
    }

    private static int WholeSeconds(TimeSpan span) => (int)Math.Ceiling(span.TotalSeconds);
}
