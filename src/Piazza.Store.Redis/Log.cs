using Microsoft.Extensions.Logging;

namespace Piazza.Store.Redis;

/// <summary>Every log line of the Redis store, source-generated, each with a stable event id (260-289).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 260, Level = LogLevel.Information, Message = "History store {Address} opened (keys under '{Prefix}')")]
    public static partial void Opened(ILogger logger, string address, string prefix);

    [LoggerMessage(EventId = 261, Level = LogLevel.Warning, Message = "The Redis store cannot be written ({Reason}); appends are refused until it can")]
    public static partial void AppendsFailing(ILogger logger, string reason);

    [LoggerMessage(EventId = 262, Level = LogLevel.Information, Message = "The Redis store can be written again ({Failed} appends were refused meanwhile)")]
    public static partial void AppendsRecovered(ILogger logger, long failed);

    [LoggerMessage(EventId = 263, Level = LogLevel.Warning, Message = "Redis retention failed and will be tried again later: {Reason}")]
    public static partial void MaintenanceFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 264, Level = LogLevel.Information, Message = "Retention removed {Events} events")]
    public static partial void Trimmed(ILogger logger, long events);

    [LoggerMessage(EventId = 265, Level = LogLevel.Information, Message = "History store {Address} closed")]
    public static partial void Closed(ILogger logger, string address);

    [LoggerMessage(EventId = 266, Level = LogLevel.Information, Message = "The Redis feed is connected again; rooms are checked for events missed meanwhile")]
    public static partial void FeedRestored(ILogger logger);
}
