using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Piazza.Protocol;
using Piazza.Server.Chat;
using Piazza.Server.Transport;

namespace Piazza.Server.Doors.Ndjson;

/// <summary>
/// The NDJSON door for one connection: turns the link's lines into frames and frames into chat
/// calls, and the chat's events back into frames on the link. One instance per connection; its
/// handlers run on the link's reader, one at a time, while the chat's deliveries come from any
/// thread and only ever queue bytes.
/// </summary>
internal sealed partial class NdjsonConnection : ILinkHandler, ISessionSink
{
    private readonly Link _link;
    private readonly ChatHub _chat;
    private readonly NdjsonSettings _settings;
    private readonly ILogger _logger;
    private volatile ChatSession? _session;
    private volatile bool _joined;
    private int _awaitingWelcome;

    public NdjsonConnection(Link link, ChatHub chat, NdjsonSettings settings, ILogger logger)
    {
        _link = link;
        _chat = chat;
        _settings = settings;
        _logger = logger;
    }

    public int MaxLineBytes => ProtocolLimits.MaxClientFrameBytes;

    public bool HasJoined => _joined;

    public byte[] PingBytes => StockFrames.Ping;

    public byte[] TooSlowBytes => StockFrames.TooSlow;

    public bool IsClosing => _link.IsClosing;

    public ChatSession? Session
    {
        get => _session;
        set => _session = value;
    }

    private long Id => _link.Id;

    public ValueTask<bool> OnLineAsync(ReadOnlySequence<byte> line)
    {
        var result = FrameDecoder.Parse(line);
        return result.Status == FrameReadStatus.Frame
            ? HandleAsync(result.Frame!)
            : new ValueTask<bool>(Refuse(result.Error!));
    }

    public void OnLineTooLong()
    {
        _logger.ProtocolViolation(Id, _link.Remote, ErrorCodes.FrameTooLarge);
        _link.Close(LeaveReasons.Error, StockFrames.FrameTooLarge);
    }

    public void OnHelloTimeout()
    {
        _logger.HelloTimedOut(Id, _link.Remote);
        _link.Close(LeaveReasons.Timeout, StockFrames.HelloTimeout);
    }

    public void OnTransportMismatch(bool portSpeaksTls)
    {
        _logger.TransportMismatch(Id, _link.Remote, portSpeaksTls ? "plain text" : "TLS", portSpeaksTls ? "TLS" : "plain-text");
        _link.Close(LeaveReasons.Error, portSpeaksTls ? StockFrames.TlsPort : StockFrames.PlainTextPort);
    }

    public void OnIdleTimeout() => _link.Close(LeaveReasons.Timeout, _settings.TimeoutError);

    public Task? OnClosing(string reason)
    {
        var session = _chat.Members.SessionOf(this);
        var draining = _chat.Disconnect(this, reason);
        if (session is not null && reason != CloseReasons.Shutdown && _joined)
        {
            _logger.MemberLeft(Id, session.Name, reason);
        }

        return draining;
    }

    /// <summary>A frame that could not be read: answered, and the connection stays open.</summary>
    private bool Refuse(ProtocolError error)
    {
        _logger.FrameRefused(Id, error.Code);
        // Before joining, anything that is not hello/ping/pong/bye is not_joined, known or not.
        _link.Send(!_joined && error.Code == ErrorCodes.UnknownType
            ? StockFrames.NotJoined
            : StockFrames.Error(error.Code, error.Message));
        return true;
    }

    private ValueTask<bool> HandleAsync(Frame frame)
    {
        // Says in flight are answered before anything but another say or a pong (see NdjsonConnection.Pipeline.cs),
        // so a ping still answers after everything sent before it.
        if (frame is not (SayFrame or PongFrame) && _says.IsBusy)
        {
            return DrainThenHandleAsync(frame);
        }

        switch (frame)
        {
            case PingFrame:
                _link.Send(StockFrames.Pong);
                return Continue;
            case PongFrame:
                return Continue;
            case ByeFrame:
                _link.Close(LeaveReasons.Quit);
                return new ValueTask<bool>(false);
            case HelloFrame hello:
                return OnHelloAsync(hello);
        }

        var session = _session;
        if (session is null || !_joined)
        {
            _link.Send(StockFrames.NotJoined);
            return Continue;
        }

        switch (frame)
        {
            case SayFrame say:
                return OnSayAsync(session, say);
            case WhoFrame who:
                OnWho(session, who);
                return Continue;
            case JoinFrame join:
                return OnJoinAsync(session, join);
            case PartFrame part:
                return OnPartAsync(session, part);
            case TopicFrame { Id: null } topic:
                return OnTopicAsync(session, topic);
            case RoomsFrame { Rooms: null }:
                return new ValueTask<bool>(OnRooms());
            case HistoryFrame { Events: null, More: null } history:
                return OnHistoryAsync(session, history);
            case ModerationFrame moderation:
                return OnModerationAsync(session, moderation);
            case PasswordFrame { Changed: null } change:
                return OnPasswordAsync(session, change);
            default:
                // A server-to-client frame sent by a client.
                _link.Send(StockFrames.Error(ErrorCodes.UnknownType,
                    $"'{frame.Type}' is sent by the server, not accepted from clients."));
                return Continue;
        }
    }

    private static ValueTask<bool> Continue => new(true);

    private static string NewSessionToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18))
        .Replace('+', '-').Replace('/', '_');
}
