using Microsoft.Extensions.Logging;

namespace Piazza.Client.Core;

/// <summary>Every log line of the client, source-generated, each with a stable event id.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Connecting to {Host} port {Port} as {Username}")]
    public static partial void Connecting(ILogger logger, string host, int port, string username);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Connect failed ({Kind}): {Reason}")]
    public static partial void ConnectFailed(ILogger logger, ConnectFailureKind kind, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Joined {Host} port {Port} as {Username}, rejoining {Rooms} rooms (reconnect: {IsReconnect})")]
    public static partial void Joined(ILogger logger, string host, int port, string username, int rooms, bool isReconnect);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Connection lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Reconnect attempt {Attempt} in {DelayMs:F0} ms")]
    public static partial void ReconnectScheduled(ILogger logger, int attempt, double delayMs);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Reconnect attempt {Attempt} failed ({Kind}): {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, ConnectFailureKind kind, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Reconnecting stopped")]
    public static partial void ReconnectStopped(ILogger logger);

    [LoggerMessage(EventId = 26, Level = LogLevel.Information, Message = "Reconnect attempt {Attempt} started now, on request")]
    public static partial void ReconnectNow(ILogger logger, int attempt);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Disconnected from {Host} port {Port}")]
    public static partial void Disconnected(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Ignored a frame of a type this client does not know: {Detail}")]
    public static partial void IgnoredUnknownType(ILogger logger, string detail);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "The server sent an invalid frame: {Detail}")]
    public static partial void BadFrameFromServer(ILogger logger, string detail);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Sent ping after {SilenceMs:F0} ms of silence")]
    public static partial void PingSent(ILogger logger, double silenceMs);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Nothing received for {TimeoutMs:F0} ms: giving the connection up")]
    public static partial void KeepaliveTimeout(ILogger logger, double timeoutMs);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "An EventRaised handler threw on {EventType}")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception, string eventType);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Nobody reads ReadEventsAsync: {Dropped} events dropped so far (it keeps the newest {Capacity})")]
    public static partial void ReaderEventsDropped(ILogger logger, long dropped, int capacity);

    [LoggerMessage(EventId = 15, Level = LogLevel.Debug, Message = "An ack or error for ref {Ref} matched no pending message")]
    public static partial void UnmatchedReply(ILogger logger, string? @ref);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "Server error {Code} (ref {Ref}): {Detail}")]
    public static partial void ServerError(ILogger logger, string code, string? @ref, string detail);

    [LoggerMessage(EventId = 17, Level = LogLevel.Debug, Message = "Writing to the server failed: {Detail}")]
    public static partial void WriteFailed(ILogger logger, string detail);

    [LoggerMessage(EventId = 18, Level = LogLevel.Debug, Message = "Ignored an event or state of {Room}, a room this client is not in")]
    public static partial void UnexpectedRoom(ILogger logger, string room);

    [LoggerMessage(EventId = 19, Level = LogLevel.Debug, Message = "Ignored an unexpected {Type} frame")]
    public static partial void UnexpectedFrame(ILogger logger, string type);

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "The server did not close the connection after bye in time: closing it")]
    public static partial void ByeNotAnswered(ILogger logger);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "The server is shutting down: {Detail}")]
    public static partial void ServerShuttingDown(ILogger logger, string detail);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "The connection's reader failed unexpectedly")]
    public static partial void ReaderFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "Saving the cursors failed; the next change tries again")]
    public static partial void CursorSaveFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Loading the saved cursors failed; starting without them")]
    public static partial void CursorLoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 25, Level = LogLevel.Debug, Message = "A message was not sent ({Code}): {Reason}")]
    public static partial void SendRefused(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 26, Level = LogLevel.Information, Message = "TLS established: {Protocol}, {CipherSuite}, certificate {Fingerprint} trusted by {Trust}")]
    public static partial void TlsEstablished(ILogger logger, string protocol, string cipherSuite, string fingerprint, CertificateTrust trust);

    [LoggerMessage(EventId = 27, Level = LogLevel.Information, Message = "TLS failed ({Kind}): {Reason}")]
    public static partial void TlsFailed(ILogger logger, Exception exception, ConnectFailureKind kind, string reason);

    [LoggerMessage(EventId = 28, Level = LogLevel.Warning, Message = "Reading the trusted certificates failed; the server's certificate is treated as new")]
    public static partial void KnownCertificatesUnreadable(ILogger logger, Exception exception);
}
