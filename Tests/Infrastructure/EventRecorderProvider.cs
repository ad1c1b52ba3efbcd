using Microsoft.Extensions.Logging;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>Hands every logger of a host to one <see cref="EventRecorder"/>, which counts the events by name.</summary>
public sealed class EventRecorderProvider(EventRecorder events) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => events;

    public void Dispose()
    {
    }
}
