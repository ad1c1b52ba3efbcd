namespace ObjectStore.Expiry;

/// <summary>What an expiry run removed; the last one that removed anything is kept in grain state, so that operators can see it after a restart.</summary>
/// <remarks>The alias is the one this state was first stored under, so that stored reports stay readable.</remarks>
[GenerateSerializer, Alias("ObjectStore.PurgeReport")]
public sealed record ExpiryReport(
    [property: Id(0)] DateTimeOffset RanAt,
    [property: Id(1)] int Removed,
    [property: Id(2)] int FeedsExpired = 0);
