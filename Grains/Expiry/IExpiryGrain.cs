using Orleans.Concurrency;

namespace ObjectStore.Expiry;

/// <summary>
/// Removes, cluster-wide, what has outlived its time: objects whose current version is past its purgeDate, and feeds
/// past their expiry.
/// </summary>
[Alias("ObjectStore.IExpiryGrain")]
public interface IExpiryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder that runs every configured purge interval, and starts removing what is due now (without waiting for it).</summary>
    /// <remarks>
    /// It interleaves: every silo calls it as it starts, and a call that waited behind a long purge (the backlog of a
    /// cluster started after downtime) would time out and fail that silo's start.
    /// </remarks>
    [AlwaysInterleave]
    Task StartAsync();

    /// <summary>Removes everything due now: objects partition by partition through each partition's writer, then feeds.</summary>
    Task<ExpiryReport> RemoveExpiredAsync();

    /// <summary>
    /// The last purge this activation ran; after a restart (or a deactivation), the last stored one: only a purge that
    /// removed something is stored.
    /// </summary>
    Task<ExpiryReport?> GetLastReportAsync();
}
