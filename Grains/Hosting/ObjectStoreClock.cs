namespace ObjectStore.Hosting;

/// <summary>
/// The store's clock: the <see cref="TimeProvider"/> registered under <see cref="ServiceKey"/>, which purge dates, feed
/// visibility timeouts, long polls and expiry, Condensation grace periods and signature windows are measured on.
/// </summary>
/// <remarks>
/// The store does not take the unkeyed <see cref="TimeProvider"/>: Orleans 10 drives its own timers from it (grain
/// timers, response timeouts, membership probes, activation collection, stream pulling agents and reminders each
/// resolve a keyed <see cref="TimeProvider"/> that falls back to the unkeyed one), so a test that replaced it with a
/// fake clock would freeze the runtime with the store. <c>AddObjectStore</c> registers this key as the unkeyed
/// provider (the system clock unless the host chose another); tests register a fake clock under it.
/// </remarks>
public static class ObjectStoreClock
{
    public const string ServiceKey = "ObjectStore.Clock";
}
