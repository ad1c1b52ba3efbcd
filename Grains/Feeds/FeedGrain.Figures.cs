using ObjectStore.Telemetry;

namespace ObjectStore.Feeds;

/// <summary>
/// The feed's share of the silo's feed gauges (<see cref="ObjectStoreMetrics"/>): written after every call and catch-up,
/// so the gauges read figures the grain left whole rather than its collections while a turn changes them. A message
/// whose visibility ends between calls counts as in flight until the feed's next call or catch-up.
/// </summary>
public sealed partial class FeedGrain : IIncomingGrainCallFilter
{
    private FeedFigures? _figures;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        finally
        {
            PublishFigures();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ForgetFigures();
        await _cursorSaves; // Logs its own failure. A feed that comes back elsewhere then redelivers no acknowledged message.
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private void PublishFigures()
    {
        if (Rules.Definition is null)
        {
            ForgetFigures(); // Deleted or expired: no longer a feed of this silo.
            return;
        }

        _figures ??= metrics.TrackFeed();
        _figures.Update(Messages.Held, Messages.InFlight, Cursors.HasBacklog);
    }

    private void ForgetFigures()
    {
        if (_figures is { } figures)
        {
            metrics.ForgetFeed(figures);
            _figures = null;
        }
    }
}
