using System.Globalization;
using System.Text;
using Piazza.Protocol;
using Piazza.Server.Chat;
using Piazza.Store;

namespace Piazza.Server.Doors.Irc;

/// <summary>
/// Room events as IRC lines. Two renderings are cached on each event (one encoding per format,
/// whatever the number of recipients): <see cref="Plain"/>, and <see cref="Tagged"/> with
/// <c>time</c> and <c>msgid</c> for clients that asked for server-time and message-tags. A client
/// with only one of the two gets its lines encoded for it.
/// </summary>
internal sealed class IrcFormat : IEventFormat
{
    /// <summary>The prefix a message text starts with to stand for a CTCP ACTION (<c>/me waves</c>).</summary>
    public const string ActionPrefix = "/me ";

    private readonly IrcSettings _settings;
    private readonly IrcDirectory _directory;
    private readonly IrcTags _tags;

    private IrcFormat(IrcSettings settings, IrcDirectory directory, IrcTags tags, int slot)
    {
        _settings = settings;
        _directory = directory;
        _tags = tags;
        Slot = slot;
    }

    public int Slot { get; }

    /// <summary>The rendering without tags.</summary>
    public static IrcFormat Plain(IrcSettings settings, IrcDirectory directory) => new(settings, directory, IrcTags.None, 1);

    /// <summary>The rendering with <c>time</c> and <c>msgid</c>.</summary>
    public static IrcFormat Tagged(IrcSettings settings, IrcDirectory directory) => new(settings, directory, IrcTags.Time | IrcTags.MessageId, 2);

    public byte[] Encode(RoomEvent roomEvent, EventView view) => Encode(roomEvent.Data, _tags, batch: null);

    /// <summary>The lines of an event with the tags asked for (and a batch reference), one per line of a message's text.</summary>
    public byte[] Encode(StoredEvent data, IrcTags tags, string? batch)
    {
        var tagText = TagsOf(data, tags, batch, (tags & IrcTags.MessageId) != 0 && _directory.Find(data.User)?.IsBot == true);
        var mask = Mask(data.User);
        var room = data.Room;
        switch (data.Kind)
        {
            case EventKind.Message:
                return MessageLines(data, tagText, mask);
            case EventKind.Joined:
                return IrcLine.Write(tagText, mask, "JOIN", room);
            case EventKind.Left when data.Reason == LeaveReasons.Part:
                return string.IsNullOrEmpty(data.Text)
                    ? IrcLine.Write(tagText, mask, "PART", room)
                    : IrcLine.Write(tagText, mask, "PART", room, data.Text);
            case EventKind.Left when data.Reason == LeaveReasons.Kicked:
                return IrcLine.Write(tagText, data.By is null ? _settings.ServerName : Mask(data.By), "KICK", room, IrcNames.ToNick(data.User),
                    string.IsNullOrEmpty(data.Text) ? IrcNames.ToNick(data.By ?? _settings.ServerName) : data.Text);
            case EventKind.Left:
                return IrcLine.Write(tagText, mask, "QUIT", QuitMessage(data.Reason) + (string.IsNullOrEmpty(data.Text) ? "" : ": " + data.Text));
            case EventKind.Topic:
                return IrcLine.Write(tagText, mask, "TOPIC", room, data.Text ?? "");
            case EventKind.Op or EventKind.Deop:
                return IrcLine.Write(tagText, data.By is null ? _settings.ServerName : Mask(data.By), "MODE", room,
                    data.Kind == EventKind.Op ? "+o" : "-o", IrcNames.ToNick(data.User));
            case EventKind.Ban or EventKind.Unban:
                return IrcLine.Write(tagText, data.By is null ? _settings.ServerName : Mask(data.By), "MODE", room,
                    data.Kind == EventKind.Ban ? "+b" : "-b", IrcNames.ToNick(data.User) + "!*@*");
            default:
                var what = data.Kind == EventKind.Mute ? "muted" : "unmuted";
                return IrcLine.Write(tagText, _settings.ServerName, "NOTICE", room,
                    $"{IrcNames.ToNick(data.By ?? _settings.ServerName)} {what} {IrcNames.ToNick(data.User)}{(string.IsNullOrEmpty(data.Text) ? "" : ": " + data.Text)}");
        }
    }

    /// <summary><c>nick!user@host</c> of a Piazza name.</summary>
    public string Mask(string name) => $"{IrcNames.ToNick(name)}!{_directory.UserOf(name)}@{_settings.Host}";

    /// <summary>The target of a message as IRC names it: the channel, or for a direct message the person it was written to.</summary>
    public static string Target(StoredEvent data)
    {
        if (!DirectKey.TryParse(data.Room, out var first, out var second))
        {
            return data.Room;
        }

        var from = data.User.ToLowerInvariant();
        return IrcNames.ToNick(from == first ? second! : first!);
    }

    /// <summary>The <c>time</c> tag's value: UTC with milliseconds.</summary>
    public static string Time(DateTimeOffset ts) =>
        ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string? TagsOf(StoredEvent data, IrcTags tags, string? batch, bool bot)
    {
        if (tags == IrcTags.None && batch is null)
        {
            return null;
        }

        var builder = new StringBuilder(64);
        if (batch is not null)
        {
            builder.Append("batch=").Append(batch);
        }

        if (bot)
        {
            // The sender set user mode +B (IRCv3 bot-mode); a tag of the message-tags family.
            builder.Append(builder.Length > 0 ? ";" : "").Append("bot");
        }

        if ((tags & IrcTags.Time) != 0)
        {
            builder.Append(builder.Length > 0 ? ";" : "").Append("time=").Append(Time(data.Ts));
        }

        if ((tags & IrcTags.MessageId) != 0)
        {
            builder.Append(builder.Length > 0 ? ";" : "").Append("msgid=").Append(data.Id.ToString(CultureInfo.InvariantCulture));
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private static byte[] MessageLines(StoredEvent data, string? tagText, string mask)
    {
        var target = Target(data);
        var text = data.Text ?? "";
        if (text.StartsWith(ActionPrefix, StringComparison.Ordinal) && !text.Contains('\n'))
        {
            return IrcLine.Write(tagText, mask, "PRIVMSG", target, "\u0001ACTION " + text[ActionPrefix.Length..] + "\u0001");
        }

        if (!text.Contains('\n'))
        {
            return IrcLine.Write(tagText, mask, "PRIVMSG", target, text.Length == 0 ? " " : text.Replace('\t', ' '));
        }

        // IRC has no line breaks in a message: each line is a PRIVMSG of its own, with the same tags.
        var lines = text.Split('\n').Where(l => l.Trim().Length > 0).Select(l => IrcLine.Write(tagText, mask, "PRIVMSG", target, l.Replace('\t', ' '))).ToList();
        return lines.Count == 1 ? lines[0] : [.. lines.SelectMany(l => l)];
    }

    private static string QuitMessage(string? reason) => reason switch
    {
        LeaveReasons.Quit => "Quit",
        LeaveReasons.Timeout => "Ping timeout",
        LeaveReasons.Slow => "Excess send queue",
        LeaveReasons.Replaced => "Session replaced",
        LeaveReasons.Error => "Protocol error",
        _ => "Connection closed",
    };
}

/// <summary>Which tags a rendering carries.</summary>
[Flags]
internal enum IrcTags
{
    None = 0,
    Time = 1,
    MessageId = 2,
}
