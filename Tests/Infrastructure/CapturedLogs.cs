using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps every line a host writes, as the host's own filters let it through: the category, the
/// level, the formatted message and any exception, all of which a log shipper would receive.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLine> _lines = new();

    public IReadOnlyList<CapturedLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    public sealed record CapturedLine(string Category, LogLevel Level, string Message, string? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $"\n{Exception}")}";
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The structured values too: a JSON formatter writes them beside the message.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(pair => $"{pair.Key}={pair.Value}")) : "";
            lines.Enqueue(new CapturedLine(category, logLevel, $"{formatter(state, exception)} {values}", exception?.ToString()));
        }
    }
}
