using Microsoft.Extensions.Logging;

namespace Piazza.Client;

/// <summary>Every log line of the client app, with stable event ids.</summary>
internal static partial class Log
{
    // 1xx: hosting, window and lifetime
    [LoggerMessage(100, LogLevel.Warning, "Refused {Method} {Path}: no valid token")]
    public static partial void RequestRefused(ILogger logger, string method, string path);

    [LoggerMessage(101, LogLevel.Information, "No display found (DISPLAY and WAYLAND_DISPLAY are unset): open the URL in a browser yourself")]
    public static partial void NoDisplay(ILogger logger);

    [LoggerMessage(102, LogLevel.Information, "Opened the app window with {Browser} (pid {Pid})")]
    public static partial void WindowOpened(ILogger logger, string browser, int pid);

    [LoggerMessage(103, LogLevel.Warning, "Could not start {Browser}: {Reason}")]
    public static partial void BrowserFailed(ILogger logger, string browser, string reason);

    [LoggerMessage(104, LogLevel.Information, "Asked the default browser to open the app; the app ends a few seconds after its last page closes")]
    public static partial void DefaultBrowserOpened(ILogger logger);

    [LoggerMessage(105, LogLevel.Information, "A page connected ({Pages} open)")]
    public static partial void PageConnected(ILogger logger, int pages);

    [LoggerMessage(106, LogLevel.Information, "The last page disconnected; stopping in {Seconds} s unless one comes back")]
    public static partial void LastPageGone(ILogger logger, double seconds);

    [LoggerMessage(107, LogLevel.Information, "Close pressed: stopping")]
    public static partial void CloseRequested(ILogger logger);

    [LoggerMessage(108, LogLevel.Information, "No page came back: stopping")]
    public static partial void StoppingAfterLastPage(ILogger logger);

    [LoggerMessage(109, LogLevel.Information, "The app window closed: stopping")]
    public static partial void WindowClosed(ILogger logger);

    [LoggerMessage(110, LogLevel.Warning, "The browser window exited before its page loaded; the app keeps running for the printed URL")]
    public static partial void WindowFailedEarly(ILogger logger);

    [LoggerMessage(111, LogLevel.Warning, "Not every session said goodbye within {Seconds} s")]
    public static partial void GoodbyeTimedOut(ILogger logger, double seconds);

    // 2xx: settings
    [LoggerMessage(200, LogLevel.Warning, "Could not read {Path} ({Reason}); using defaults")]
    public static partial void SettingsUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(201, LogLevel.Warning, "Could not save {Path}: {Reason}")]
    public static partial void SettingsNotSaved(ILogger logger, string path, string reason);

    // 3xx: chat sessions
    [LoggerMessage(300, LogLevel.Information, "Connecting to {Host}:{Port} as {Username}")]
    public static partial void Connecting(ILogger logger, string host, int port, string username);

    [LoggerMessage(301, LogLevel.Information, "Could not connect to {Host}:{Port} ({Kind}): {Message}")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, string kind, string message);

    [LoggerMessage(302, LogLevel.Information, "Joined as {Username} on {Host}:{Port}")]
    public static partial void Connected(ILogger logger, string username, string host, int port);

    [LoggerMessage(303, LogLevel.Information, "A message was not sent ({Code}): {Message}")]
    public static partial void SendFailed(ILogger logger, string code, string message);

    [LoggerMessage(304, LogLevel.Debug, "Goodbye not completed: {Reason}")]
    public static partial void GoodbyeFailed(ILogger logger, string reason);

    [LoggerMessage(305, LogLevel.Information, "The page of {Username} closed: leaving the chat")]
    public static partial void PageGone(ILogger logger, string username);

    [LoggerMessage(306, LogLevel.Error, "Applying a chat event failed")]
    public static partial void ApplyFailed(ILogger logger, Exception exception);

    [LoggerMessage(307, LogLevel.Information, "Could not load older events of {Room}: {Reason}")]
    public static partial void HistoryFailed(ILogger logger, string room, string reason);

    [LoggerMessage(308, LogLevel.Information, "A request about {Room} failed: {Reason}")]
    public static partial void RoomRequestFailed(ILogger logger, string room, string reason);

    [LoggerMessage(309, LogLevel.Information, "Trusted the certificate of {Host}:{Port} on first use, SHA-256 {Fingerprint}")]
    public static partial void CertificateTrusted(ILogger logger, string host, int port, string fingerprint);

    [LoggerMessage(310, LogLevel.Information, "A moderation request failed: {Reason}")]
    public static partial void ModerationFailed(ILogger logger, string reason);

    [LoggerMessage(311, LogLevel.Information, "The password change failed: {Reason}")]
    public static partial void PasswordChangeFailed(ILogger logger, string reason);

    [LoggerMessage(312, LogLevel.Information, "Forgot the certificate trusted for {Host}:{Port}, SHA-256 {Fingerprint}")]
    public static partial void CertificateForgotten(ILogger logger, string host, int port, string fingerprint);
}
