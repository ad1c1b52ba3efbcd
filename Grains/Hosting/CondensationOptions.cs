namespace ObjectStore.Hosting;

/// <summary>The Condensation store (section <c>ObjectStore:Condensation</c>).</summary>
public sealed class CondensationOptions
{
    /// <summary>The largest object accepted, in bytes, and the largest modify request (itself an object). Default 4 MiB.</summary>
    public int MaxObjectBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The largest object a request without a signature may store or add to a message box: anonymous senders get
    /// room for an envelope, not for storage. Default 16 KiB.
    /// </summary>
    public int UnsignedEnvelopeBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// The longest a list with <c>Condensation-Watch</c> waits for its box, whatever the client asks for. At most 25 s:
    /// the wait is a grain call, and Orleans gives up on a call after 30 s.
    /// </summary>
    public TimeSpan MaxWatch { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long an object put or booked is kept with everything it links to, even if no box reaches it.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often garbage is collected. At least a minute (Orleans reminders).</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<string> Validate(string section)
    {
        if (MaxObjectBytes is < 1024 or > 256 * 1024 * 1024)
        {
            yield return $"{section}:MaxObjectBytes must be between 1024 and 268435456, was {MaxObjectBytes}.";
        }

        if (UnsignedEnvelopeBytes < 100 || UnsignedEnvelopeBytes > MaxObjectBytes)
        {
            yield return $"{section}:UnsignedEnvelopeBytes must be between 100 and MaxObjectBytes ({MaxObjectBytes}), was {UnsignedEnvelopeBytes}.";
        }

        if (MaxWatch < TimeSpan.Zero || MaxWatch > TimeSpan.FromSeconds(25))
        {
            yield return $"{section}:MaxWatch must be between 00:00:00 and 00:00:25 (grain calls time out after 30 s), was {MaxWatch}.";
        }

        if (GracePeriod < TimeSpan.FromMinutes(1))
        {
            yield return $"{section}:GracePeriod must be at least 00:01:00, so that a client can put an object tree before it adds its root, was {GracePeriod}.";
        }

        if (CollectionInterval < TimeSpan.FromMinutes(1))
        {
            yield return $"{section}:CollectionInterval must be at least 00:01:00 (a reminder period), was {CollectionInterval}.";
        }
    }
}
