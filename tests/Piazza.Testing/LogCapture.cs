using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Piazza.Testing;

/// <summary>One log line the code under test wrote.</summary>
public sealed record LogEntry(LogLevel Level, EventId EventId, string Category, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} [{EventId.Id}] {Message}{(Exception is null ? "" : " " + Exception)}";
}

/// <summary>
/// A logger provider that keeps every entry, so tests can assert what was logged, and that
/// nothing was logged at Error.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly LoggerFactory _factory;

    public LogCapture(LogLevel minimum = LogLevel.Debug)
    {
        _factory = new LoggerFactory([this], new LoggerFilterOptions { MinLevel = minimum });
    }

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Entries at Warning or above that carry an exception, and every Error or Critical.</summary>
    public IReadOnlyList<LogEntry> Problems =>
        [.. _entries.Where(e => e.Level >= LogLevel.Error || (e.Level == LogLevel.Warning && e.Exception is not null))];

    ILogger ILoggerProvider.CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    ILogger ILoggerFactory.CreateLogger(string categoryName) => _factory.CreateLogger(categoryName);

    void ILoggerFactory.AddProvider(ILoggerProvider provider) => _factory.AddProvider(provider);

    public void Dispose() => _factory.Dispose();

    private sealed class CapturingLogger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new LogEntry(logLevel, eventId, category, formatter(state, exception), exception));
    }
}
