using Microsoft.Extensions.Logging;

namespace Piazza.Store.Tests.Support;

/// <summary>Keeps every log line, and lets a test wait for a line with a given event id.</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<(EventId Id, LogLevel Level, string Message)> lines = [];

    public IReadOnlyList<(EventId Id, LogLevel Level, string Message)> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public int Count(int eventId) => Lines.Count(l => l.Id.Id == eventId);

    /// <summary>Waits until a line with this event id was logged (at most 30 s: a generous bound, never a measurement).</summary>
    public async Task WaitForAsync(int eventId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Count(eventId) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no log line with event id {eventId}; got: {string.Join(" | ", Lines.Select(l => l.Message))}");
            await Task.Delay(10);
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (lines)
        {
            lines.Add((eventId, logLevel, formatter(state, exception)));
        }
    }
}
