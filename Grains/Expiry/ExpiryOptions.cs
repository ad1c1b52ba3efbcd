namespace ObjectStore.Expiry;

/// <summary>When expired objects and feeds are removed (key <c>ObjectStore:PurgeInterval</c>); checked by <see cref="ExpiryOptionsValidator"/>.</summary>
public sealed class ExpiryOptions
{
    public const string SectionName = "ObjectStore";

    /// <summary>How often objects past their purgeDate, and expired feeds, are removed. At least a minute (Orleans reminders).</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(5);
}
