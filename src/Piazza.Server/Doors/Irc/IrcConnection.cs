using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;
using Piazza.Protocol;
using Piazza.Server.Chat;
using Piazza.Server.Transport;

namespace Piazza.Server.Doors.Irc;

/// <summary>
/// The IRC door for one connection: turns the link's lines into IRC messages and those into chat
/// calls, and the chat's events back into IRC lines. One instance per connection; its handlers
/// run on the link's reader, one at a time, while the chat's deliveries come from any thread and
/// only ever queue bytes.
/// </summary>
internal sealed partial class IrcConnection : ILinkHandler, ISessionSink
{
    private readonly Link _link;
    private readonly IrcDoor _door;
    private readonly ChatHub _chat;
    private readonly IrcSettings _settings;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _channels = new(StringComparer.Ordinal);
    private volatile ChatSession? _session;
    private volatile bool _registered;
    private int _caps;

    public IrcConnection(Link link, IrcDoor door)
    {
        _link = link;
        _door = door;
        _chat = door.Chat;
        _settings = door.Settings;
        _logger = door.Logger;
    }

    public int MaxLineBytes => IrcLine.MaxLineBytes + 2;

    public bool HasJoined => _registered;

    public byte[] PingBytes => _door.Ping;

    public byte[] TooSlowBytes => _door.TooSlow;

    public bool IsClosing => _link.IsClosing;

    public ChatSession? Session
    {
        get => _session;
        set => _session = value;
    }

    /// <summary>The user name given in <c>USER</c> (with <c>~</c>: it is not verified), once registered.</summary>
    public string? UserName { get; private set; }

    /// <summary>The real name given in <c>USER</c>.</summary>
    public string RealName { get; private set; } = "";

    /// <summary>The away message, or null when present.</summary>
    public string? AwayMessage { get; private set; }

    private IrcCaps Caps => (IrcCaps)Volatile.Read(ref _caps);

    private bool Has(IrcCaps cap) => (Caps & cap) == cap;

    private long Id => _link.Id;

    /// <summary>The client's nick as IRC shows it; <c>*</c> before it has one.</summary>
    private string Nick => _session is { } session ? IrcNames.ToNick(session.Name) : _pendingNick ?? "*";

    public ValueTask<bool> OnLineAsync(ReadOnlySequence<byte> line)
    {
        var status = IrcLine.Parse(line, out var message);
        switch (status)
        {
            case IrcLineStatus.Message:
                return HandleAsync(message!);
            case IrcLineStatus.Empty:
                return Continue;
        }

        // The line's bytes are the link's until this returns: what the answer needs is read now.
        var command = status == IrcLineStatus.InvalidUtf8 ? CommandOf(line) : "*";
        if (_says.IsBusy)
        {
            // Answered after the says in flight, as any other line is.
            return DrainThenRefuseLineAsync(status, command);
        }

        RefuseLine(status, command);
        return Continue;
    }

    /// <summary>A line that could not be read: answered, and the connection stays open.</summary>
    private void RefuseLine(IrcLineStatus status, string command)
    {
        switch (status)
        {
            case IrcLineStatus.InvalidUtf8:
                Reply(null, _settings.ServerName, "FAIL", command, "INVALID_UTF8", "Lines must be UTF-8; this one was not, and is ignored.");
                break;
            case IrcLineStatus.TooLong or IrcLineStatus.TagsTooLong:
                Numeric(Numerics.InputTooLong, status == IrcLineStatus.TooLong
                    ? "Input line was too long (at most 512 bytes after the tags)"
                    : "Input line was too long (tags at most 4094 bytes)");
                break;
            default:
                Numeric(Numerics.UnknownCommand, "*", "Malformed line (a NUL or CR inside, or no command); it is ignored");
                break;
        }

        Flush();
    }

    public void OnLineTooLong()
    {
        _logger.ProtocolViolation(Id, _link.Remote, "irc_line_too_long");
        _link.Close(LeaveReasons.Error, ErrorLine("Input line was too long"));
    }

    public void OnHelloTimeout()
    {
        _logger.HelloTimedOut(Id, _link.Remote);
        _link.Close(LeaveReasons.Timeout, ErrorLine("Registration timed out"));
    }

    public void OnTransportMismatch(bool portSpeaksTls)
    {
        _logger.TransportMismatch(Id, _link.Remote, portSpeaksTls ? "plain text" : "TLS", portSpeaksTls ? "TLS" : "plain-text");
        _link.Close(LeaveReasons.Error, ErrorLine(portSpeaksTls
            ? "This port speaks TLS: connect with TLS, or to the server's plain-text IRC port"
            : "This port speaks plain text, not TLS: connect without TLS, or to the server's IRC TLS port"));
    }

    public void OnIdleTimeout() => _link.Close(LeaveReasons.Timeout,
        ErrorLine($"Ping timeout: nothing received for {_settings.Timeout.TotalSeconds:0} seconds"));

    public Task? OnClosing(string reason)
    {
        var session = _session;
        if (session is not null)
        {
            _door.Directory.Remove(session.Key, this);
        }

        var draining = _chat.Disconnect(this, reason);
        if (session is not null && reason != CloseReasons.Shutdown && _registered)
        {
            _logger.MemberLeft(Id, session.Name, reason);
        }

        return draining;
    }

    private ValueTask<bool> HandleAsync(IrcMessage message)
    {
        // Says in flight are answered before anything but another unlabeled message or a PONG
        // (see IrcConnection.Pipeline.cs): a PING, a labeled line, QUIT are answered after them.
        if (!MayPassSays(message) && _says.IsBusy)
        {
            return DrainThenHandleAsync(message);
        }

        BeginReply(message);
        var handled = Dispatch(message);
        if (handled.IsCompletedSuccessfully)
        {
            Flush();
            return handled;
        }

        return FlushAfterAsync(handled);
    }

    private async ValueTask<bool> FlushAfterAsync(ValueTask<bool> handled)
    {
        try
        {
            return await handled;
        }
        finally
        {
            Flush();
        }
    }

    private ValueTask<bool> Dispatch(IrcMessage message)
    {
        switch (message.Command)
        {
            case "CAP":
                return OnCapAsync(message);
            case "PING":
                OnPing(message);
                return Continue;
            case "PONG":
                return Continue;
            case "QUIT":
                if (_session is { } leaving)
                {
                    leaving.LeavingNote = Note(message.Param(0));
                }

                _link.Close(LeaveReasons.Quit, ErrorLine("Quit"));
                return new ValueTask<bool>(false);
            case "NICK":
                return OnNickAsync(message);
            case "USER":
                return OnUserAsync(message);
            case "PASS":
                OnPass(message);
                return Continue;
            case "AUTHENTICATE":
                return OnAuthenticateAsync(message);
        }

        var session = _session;
        if (session is null || !_registered)
        {
            Numeric(Numerics.NotRegistered, "You have not registered");
            return Continue;
        }

        switch (message.Command)
        {
            case "PRIVMSG" or "NOTICE":
                return OnMessageAsync(session, message);
            case "JOIN":
                return OnJoinAsync(session, message);
            case "PART":
                return OnPartAsync(session, message);
            case "TOPIC":
                return OnTopicAsync(session, message);
            case "NAMES":
                OnNames(session, message);
                return Continue;
            case "KICK":
                return OnKickAsync(session, message);
            case "MODE":
                return OnModeAsync(session, message);
            case "WHO":
                OnWho(session, message);
                return Continue;
            case "WHOIS":
                OnWhois(message);
                return Continue;
            case "WHOWAS":
                OnWhowas(message);
                return Continue;
            case "LIST":
                OnList(message);
                return Continue;
            case "AWAY":
                OnAway(session, message);
                return Continue;
            case "LUSERS":
                SendLusers();
                return Continue;
            case "MOTD":
                SendMotd();
                return Continue;
            case "VERSION":
                Numeric(Numerics.Version, _settings.Version, _settings.ServerName, "Piazza's IRC door");
                SendISupport();
                return Continue;
            case "TIME":
                Numeric(Numerics.Time, _settings.ServerName, IrcFormat.Time(_chat.Time.GetUtcNow()));
                return Continue;
            case "INFO":
                Numeric(Numerics.Info, $"{_settings.Version}: Piazza's IRC door; channels are Piazza rooms.");
                Numeric(Numerics.EndOfInfo, "End of /INFO list");
                return Continue;
            case "OPER":
                Numeric("491", "No O-lines for your host: Piazza's server operators are the accounts named by --admins");
                return Continue;
            case "SETNAME":
                OnSetname(session, message);
                return Continue;
            case "MONITOR":
                OnMonitor(message);
                return Continue;
            case "HELP" or "HELPOP":
                OnHelp(message);
                return Continue;
            case "LINKS":
                // One server, and no other to link to: the list is left empty, as servers that hide their links do.
                Numeric("365", "*", "End of /LINKS list");
                return Continue;
            case "USERHOST":
                OnUserhost(message);
                return Continue;
            case "ISON":
                OnIson(message);
                return Continue;
            case "CHATHISTORY":
                return OnChatHistoryAsync(session, message);
            case "TAGMSG":
                // Client-only tags (typing notices, reactions) have no place in Piazza's history: dropped.
                return Continue;
            default:
                Numeric(Numerics.UnknownCommand, message.Command, "Unknown command");
                return Continue;
        }
    }

    private void OnPing(IrcMessage message)
    {
        if (message.Params.Count == 0)
        {
            Numeric(Numerics.NoOrigin, "No origin specified");
            return;
        }

        Reply(null, _settings.ServerName, "PONG", _settings.ServerName, message.Params[0]);
    }

    /// <summary>An <c>ERROR</c> line, the last thing a closing connection is sent.</summary>
    private static byte[] ErrorLine(string text) => IrcLine.Write(null, null, "ERROR", "Closing link: " + text);

    /// <summary>The command word of a line that could not be decoded, for its FAIL (<c>*</c> when there is none to show).</summary>
    private static string CommandOf(ReadOnlySequence<byte> line)
    {
        var text = Encoding.Latin1.GetString(line.Length > 600 ? line.Slice(0, 600) : line);
        if (IrcLine.Parse(text.Replace('\r', ' ').Replace('\0', ' '), out var message) == IrcLineStatus.Message
            && message!.Command.All(char.IsAsciiLetterOrDigit))
        {
            return message.Command;
        }

        return "*";
    }

    private static ValueTask<bool> Continue => new(true);
}
