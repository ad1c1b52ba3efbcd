using Microsoft.Extensions.Logging;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// A logger that counts log events by name, so that a test can wait for something that happened in the background
/// (an extension call that returned, a message released) instead of sleeping.
/// </summary>
public sealed class EventRecorder : ILogger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<(string Name, int Count, TaskCompletionSource Reached)> _waiters = [];

    /// <summary>Completes once <paramref name="count"/> events named <paramref name="eventName"/> were logged in all.</summary>
    public Task WaitForAsync(string eventName, int count)
    {
        lock (_gate)
        {
            if (Count(eventName) >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventName, count, reached));
            return reached.Task;
        }
    }

    public int Count(string eventName)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(eventName);
        }
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Name is not { } name)
        {
            return;
        }

        lock (_gate)
        {
            var count = _counts[name] = _counts.GetValueOrDefault(name) + 1;
            foreach (var waiter in _waiters.Where(waiter => waiter.Name == name && waiter.Count <= count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.SetResult();
            }
        }
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
}
