namespace ObjectStore.Condensation;

/// <summary>The Condensation store (section <c>ObjectStore:Condensation</c>); checked by <see cref="CondensationOptionsValidator"/>.</summary>
public sealed class CondensationOptions
{
    public const string SectionName = "ObjectStore:Condensation";

    /// <summary>The largest object accepted, in bytes, and the largest modify request (itself an object). Default 4 MiB.</summary>
    public int MaxObjectBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The largest object a request without a signature may store or add to a message box: anonymous senders get
    /// room for an envelope, not for storage. Default 16 KiB.
    /// </summary>
    public int UnsignedEnvelopeBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// The most bytes one request without a signature may make the store keep: every object it puts, every stored
    /// envelope it adds, and every stored object those envelopes link to. Without it one message could keep hundreds of
    /// envelope-sized objects alive. Default 64 KiB.
    /// </summary>
    public int UnsignedRequestBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The longest a list with <c>Condensation-Watch</c> waits for its box, whatever the client asks for. At most 25 s:
    /// the wait is a grain call, and Orleans gives up on a call after 30 s.
    /// </summary>
    public TimeSpan MaxWatch { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long an entry an unsigned request added to a message box stays, even when its envelope names no
    /// <c>expires</c>: otherwise anyone could pin envelopes in anyone's box for good. Default 30 days.
    /// </summary>
    public TimeSpan UnsignedEntryLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long an object put or booked is kept with everything it links to, even if no box reaches it.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often garbage is collected. At least a minute (Orleans reminders).</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromHours(1);
}
