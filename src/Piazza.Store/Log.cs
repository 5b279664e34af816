using Microsoft.Extensions.Logging;

namespace Piazza.Store;

/// <summary>Every log line of the stores, source-generated, each with a stable event id (200-299).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "History store {Path} opened: schema version {Version}, {Rooms} rooms, sync {Sync}")]
    public static partial void Opened(ILogger logger, string path, int version, int rooms, SyncMode sync);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Created the history database {Path}")]
    public static partial void Created(ILogger logger, string path);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Upgraded the history database {Path} from schema version {From} to {To}")]
    public static partial void Migrated(ILogger logger, string path, int from, int to);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "The history store cannot be written ({Reason}); appends are refused until it can")]
    public static partial void AppendsFailing(ILogger logger, string reason);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "The history store can be written again ({Failed} appends were refused meanwhile)")]
    public static partial void AppendsRecovered(ILogger logger, long failed);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "History maintenance (retention, ref expiry) failed and will be tried again later: {Reason}")]
    public static partial void MaintenanceFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 206, Level = LogLevel.Information, Message = "Retention removed {Events} events; {Refs} expired refs forgotten")]
    public static partial void MaintenanceRemoved(ILogger logger, long events, long refs);

    [LoggerMessage(EventId = 207, Level = LogLevel.Information, Message = "History store {Path} closed")]
    public static partial void Closed(ILogger logger, string path);

    [LoggerMessage(EventId = 208, Level = LogLevel.Error, Message = "The history store's writer met an unexpected error; the batch was refused")]
    public static partial void WriterBug(ILogger logger, Exception exception);
}
