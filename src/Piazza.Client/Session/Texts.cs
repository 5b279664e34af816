using System.Globalization;
using Piazza.Client.Core;
using Piazza.Protocol;

namespace Piazza.Client.Session;

/// <summary>The sentences the UI shows, in one place so views and tests agree.</summary>
public static class Texts
{
    public static string Joined(string user) => $"{user} joined";

    public static string Left(string user, string reason) => reason switch
    {
        LeaveReasons.Quit => $"{user} left",
        LeaveReasons.Lost => $"{user} lost connection",
        LeaveReasons.Timeout => $"{user} timed out",
        LeaveReasons.Slow => $"{user} was disconnected for being too slow",
        LeaveReasons.Error => $"{user} was disconnected after a protocol error",
        LeaveReasons.Replaced => $"{user} was replaced by a new connection",
        LeaveReasons.Kicked => $"{user} was removed from the room",
        _ => $"{user} left ({reason})",
    };

    public static string Status(ChatStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.State switch
        {
            ConnectionState.Connected => $"Connected as {status.Username} to {Endpoint(status.Host, status.Port)}",
            ConnectionState.Connecting => $"Connecting to {Endpoint(status.Host, status.Port)}…",
            ConnectionState.Reconnecting when status.NextAttemptAt is { } at && at > now =>
                $"Reconnecting, attempt {status.ReconnectAttempt}, next in {SecondsUntil(at, now)} s",
            ConnectionState.Reconnecting => $"Reconnecting, attempt {status.ReconnectAttempt}, trying now…",
            _ => "Disconnected",
        };
    }

    /// <summary>
    /// The status as a screen reader should hear it: the same words without the ticking countdown,
    /// so the polite live region speaks once per attempt instead of once a second.
    /// </summary>
    public static string StatusAnnouncement(ChatStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.State == ConnectionState.Reconnecting
            ? $"Reconnecting, attempt {status.ReconnectAttempt}"
            : Status(status, now);
    }

    /// <summary>Whole seconds left, rounded up, so the countdown shows 1 until the attempt starts.</summary>
    public static int SecondsUntil(DateTimeOffset at, DateTimeOffset now) =>
        (int)Math.Max(0, Math.Ceiling((at - now).TotalSeconds));

    public static string Endpoint(string? host, int? port)
    {
        var h = host ?? "?";
        if (h.Contains(':', StringComparison.Ordinal) && !h.StartsWith('['))
        {
            h = "[" + h + "]";
        }

        return port is { } p ? h + ":" + p.ToString(CultureInfo.InvariantCulture) : h;
    }

    /// <summary>Local time of day for the log; the full date and time goes in the tooltip.</summary>
    public static string ShortTime(DateTimeOffset ts) => ts.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string LongTime(DateTimeOffset ts) => ts.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
