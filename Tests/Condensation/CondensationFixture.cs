using Microsoft.Extensions.Time.Testing;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Condensation;

/// <summary>
/// An HTTP silo shared by test classes (<see cref="SharedFixtures"/>), or one class's own, serving the Condensation
/// store under /cds with small limits, so that the tests can reach them: objects and modify bodies up to 64 KiB, watches
/// up to 5 s, unsigned requests keeping up to 48 KiB (below the largest modify body, so that a body can pass it); unsigned
/// envelopes keep the default 16 KiB. Unsigned requests are not rate limited: every test calls from the same
/// address, and the limit has tests of its own (RateLimitTests).
/// </summary>
public abstract class CondensationFixture(StorageProvider provider) : IAsyncLifetime
{
    public const int MaxObjectBytes = 65536;
    public const int UnsignedEnvelopeBytes = 16 * 1024;
    public const int UnsignedRequestBytes = 48 * 1024;

    private HttpSilo? _silo;

    public static TimeSpan MaxWatch { get; } = TimeSpan.FromSeconds(5);

    public HttpSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    /// <summary>The clock the tests sign with: the silo's own when it has one, else the system's.</summary>
    public virtual TimeProvider Clock => TimeProvider.System;

    /// <summary>The clock the silo's store runs on; null for the system clock.</summary>
    protected virtual TimeProvider? SiloClock => null;

    public async Task InitializeAsync() => _silo = await HttpSilo.StartAsync(provider, SiloClock,
        $"--ObjectStore:Condensation:MaxObjectBytes={MaxObjectBytes}",
        $"--ObjectStore:Condensation:MaxWatch={MaxWatch:c}",
        $"--ObjectStore:Condensation:UnsignedRequestBytes={UnsignedRequestBytes}",
        "--RateLimits:UnsignedCondensationTokenLimit=0");

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}

public sealed class SqliteCondensationFixture() : CondensationFixture(StorageProvider.Sqlite);

public sealed class PostgresCondensationFixture() : CondensationFixture(StorageProvider.PostgreSql);

/// <summary>
/// A silo whose store runs on a clock that stands still, so that a signature's date can be put exactly on the edges
/// of the accepted window. It stands on a whole second (the time the fixture was made, cut to the second), so that
/// the Date header, which has no milliseconds, can name it exactly too.
/// </summary>
public sealed class FrozenClockCondensationFixture : CondensationFixture
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public FrozenClockCondensationFixture()
        : base(StorageProvider.Sqlite)
    {
    }

    public override TimeProvider Clock => _clock;

    protected override TimeProvider? SiloClock => _clock;
}
