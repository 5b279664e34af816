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
        LeaveReasons.Part => $"{user} left the room",
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

    public static string TopicSet(string user, string topic) =>
        string.IsNullOrWhiteSpace(topic) ? $"{user} cleared the topic" : $"{user} set the topic: {topic}";

    /// <summary>Where one of your messages is, in words.</summary>
    public static string Delivery(DeliveryState state) => state switch
    {
        DeliveryState.Waiting => "Waiting to send",
        DeliveryState.Pending => "Sending…",
        DeliveryState.SendingSlowly => "Sending slowly: you are over the server's rate",
        DeliveryState.Sent => "Sent",
        _ => "Not sent",
    };

    /// <summary>
    /// Why a message was not sent, as one sentence starting "Not sent". The client's reasons for a
    /// missing connection start with "Not connected" themselves; they are folded in rather than
    /// repeated ("Not sent: reconnecting to the server.").
    /// </summary>
    public static string NotSent(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "Not sent.";
        }

        if (reason.StartsWith("Not connected to a server", StringComparison.Ordinal))
        {
            return "Not sent: there is no connection to a server.";
        }

        foreach (var prefix in (string[])["Not connected yet: ", "Not connected: "])
        {
            if (reason.StartsWith(prefix, StringComparison.Ordinal))
            {
                return "Not sent: " + reason[prefix.Length..];
            }
        }

        return "Not sent: " + reason;
    }

    /// <summary>The day a date separator names: Today, Yesterday, or the date in full.</summary>
    public static string Day(DateTimeOffset ts, DateTimeOffset now)
    {
        var day = ts.ToLocalTime().Date;
        var today = now.ToLocalTime().Date;
        if (day == today)
        {
            return "Today";
        }

        return day == today.AddDays(-1) ? "Yesterday" : day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);
    }

    public static bool SameDay(DateTimeOffset a, DateTimeOffset b) => a.ToLocalTime().Date == b.ToLocalTime().Date;

    public static string Beginning(string room) => $"This is the beginning of {room}.";

    /// <summary>A room's entry in the Rooms list as people hear it: "#dev", "#dev, 2 unread", "#dev, 2 unread, mentioned".</summary>
    public static string RoomEntry(string room, int unread, bool mentioned) =>
        unread <= 0 ? room : mentioned ? $"{room}, {unread} unread, mentioned" : $"{room}, {unread} unread";

    public static string Who(string room, IReadOnlyList<string> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        return users.Count == 0
            ? $"Nobody is in {room} while you are not connected."
            : $"In {room} ({users.Count}): {string.Join(", ", users.Order(StringComparer.OrdinalIgnoreCase))}.";
    }

    /// <summary>The /help answer, one command a line.</summary>
    public static string Help() =>
        "Commands:\n" + string.Join("\n", SlashCommand.Help.Select(h => $"{h.Usage} — {h.Meaning}"));

    /// <summary>The window's title: your unread mentions and direct messages first, when there are any.</summary>
    public static string Title(int alerts, string? me) =>
        alerts > 0 ? $"({alerts}) Piazza" : me is null ? "Piazza" : $"{me} — Piazza";
}
