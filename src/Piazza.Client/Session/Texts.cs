using System.Globalization;
using Piazza.Client.Core;
using Piazza.Protocol;

namespace Piazza.Client.Session;

/// <summary>The sentences the UI shows, in one place so views and tests agree.</summary>
public static class Texts
{
    public static string Joined(string user) => $"{user} joined";

    /// <summary>Why someone left; a removal says by whom and why: "bob was removed by alice: spam".</summary>
    public static string Left(string user, string reason, string? by, string? note) => reason == LeaveReasons.Kicked && by is not null
        ? $"{user} was removed by {by}{Because(note)}"
        : Left(user, reason);

    /// <summary>An operator's action, as the room sees it: "alice banned bob for 1 hour: spam".</summary>
    public static string Moderation(ModerationChanged change, string? me)
    {
        ArgumentNullException.ThrowIfNull(change);
        var who = me is not null && UsernameRules.Comparer.Equals(change.User, me) ? "you" : change.User;
        return change.Action switch
        {
            "ban" => $"{change.By} banned {who} from the room {Lasting(change.Duration)}{Because(change.Reason)}",
            "unban" => $"{change.By} lifted the ban on {who}{Because(change.Reason)}",
            "mute" => $"{change.By} muted {who} {Lasting(change.Duration)}{Because(change.Reason)}",
            "unmute" => $"{change.By} unmuted {who}{Because(change.Reason)}",
            "op" => $"{change.By} made {who} an operator of the room{Because(change.Reason)}",
            "deop" => $"{change.By} took operator rights from {who}{Because(change.Reason)}",
            _ => $"{change.By}: {change.Action} {who}{Because(change.Reason)}",
        };
    }

    /// <summary>The server's confirmation of a moderation request that the room does not see.</summary>
    public static string Confirmed(ModerationConfirmed done)
    {
        ArgumentNullException.ThrowIfNull(done);
        var target = done.User ?? done.Address ?? "?";
        var where = done.Room ?? "the whole server";
        return done.Action switch
        {
            "ban" => $"Done: {target} is banned from {where} {Lasting(done.Duration)}.",
            "mute" => $"Done: {target} is muted in {where} {Lasting(done.Duration)}.",
            "unban" => $"Done: {target} is not banned from {where}.",
            "unmute" => $"Done: {target} is not muted in {where}.",
            "op" => $"Done: {target} is an operator of {where}.",
            "deop" => $"Done: {target} is not an operator of {where}.",
            _ => $"Done: {done.Action} {target} in {where}.",
        };
    }

    /// <summary>A mute in force, in one sentence: "bob is muted until 14:05 (by alice: spam).", "bob is muted for good (by alice).".</summary>
    public static string Muted(string user, MuteState mute, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(mute);
        var until = mute.Until is { } end ? $"until {Until(end, now)}" : "for good";
        return $"{user} is muted {until} (by {mute.By}{Because(mute.Reason)}).";
    }

    /// <summary>A time ahead: "14:05" today, else "2026-11-26 14:05", in local time.</summary>
    public static string Until(DateTimeOffset at, DateTimeOffset now) =>
        SameDay(at, now)
            ? ShortTime(at)
            : at.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"for 1 hour", "for 10 minutes", "for good".</summary>
    public static string Lasting(TimeSpan? duration) => duration switch
    {
        null => "for good",
        { } d when d.TotalDays >= 1 && d.TotalDays % 1 == 0 => Plural((long)d.TotalDays, "day"),
        { } d when d.TotalHours >= 1 && d.TotalHours % 1 == 0 => Plural((long)d.TotalHours, "hour"),
        { } d when d.TotalMinutes >= 1 && d.TotalMinutes % 1 == 0 => Plural((long)d.TotalMinutes, "minute"),
        { } d => Plural((long)Math.Ceiling(d.TotalSeconds), "second"),
    };

    private static string Plural(long n, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"for {n} {unit}{(n == 1 ? "" : "s")}");

    private static string Because(string? reason) => string.IsNullOrWhiteSpace(reason) ? "" : ": " + reason;

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
