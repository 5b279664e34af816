using Piazza.Protocol;
using Piazza.Server.Chat;

namespace Piazza.Server.Doors.Ndjson;

internal sealed partial class NdjsonConnection
{
    private async ValueTask<bool> OnHelloAsync(HelloFrame hello)
    {
        if (_session is not null)
        {
            _link.Send(StockFrames.AlreadyJoined);
            return true;
        }

        var version = hello.Protocol ?? ProtocolLimits.ProtocolVersion;
        if (version is < ProtocolLimits.ProtocolVersion or > ProtocolLimits.LatestProtocolVersion)
        {
            return RefuseHello(ErrorCodes.UnsupportedProtocol,
                $"This server speaks protocols {ProtocolLimits.ProtocolVersion} and {ProtocolLimits.LatestProtocolVersion}; the client asked for {version}.");
        }

        var verdict = UsernameRules.Validate(hello.User);
        if (!verdict.IsValid)
        {
            return RefuseHello(ErrorCodes.InvalidUsername, verdict.Message!);
        }

        if (hello.Rooms is { Count: > ProtocolLimits.MaxHelloRooms })
        {
            _link.Send(StockFrames.Error(ErrorCodes.TooManyRooms,
                $"A hello may name at most {ProtocolLimits.MaxHelloRooms} rooms; join the others with 'join'."));
            return true;
        }

        if (hello.Password is not null || hello.Register == true)
        {
            if (version == ProtocolLimits.ProtocolVersion)
            {
                return RefuseHello(ErrorCodes.UnsupportedProtocol, "Signing in needs protocol 2: send \"protocol\":2 with the password.");
            }

            if (hello.Password is null)
            {
                return RefuseHello(ErrorCodes.WeakPassword, "Registering needs a password. " + PasswordRules.Rule);
            }

            if (!_link.IsEncrypted && !_link.IsLoopback)
            {
                return RefuseHello(ErrorCodes.TlsRequired, TlsRequiredMessage);
            }
        }

        var request = new HelloRequest(hello.User, version, hello.Session, NewSessionToken(), _link.Remote.Address,
            hello.Password, hello.Register == true, _link.IsLoopback);
        var (session, account, refusal) = await _chat.HelloAsync(this, request);
        if (session is null)
        {
            if (refusal!.Error != ChatError.Closing)
            {
                // Closing: the connection (or the server) is going away; its last frame is on its way.
                _logger.HelloRefused(Id, _link.Remote, Code(refusal.Error));
                Send(refusal, reference: null, room: null);
            }

            return true;
        }

        var client = hello.Client ?? "a client that gave no name";
        if (version == ProtocolLimits.ProtocolVersion)
        {
            // Version 1 (a guest): the welcome is the default room's state, sent when the join is delivered.
            Volatile.Write(ref _awaitingWelcome, 1);
            if (await _chat.JoinAsync(session, _settings.DefaultRoom, cursor: null) is { } failed)
            {
                Volatile.Write(ref _awaitingWelcome, 0);
                _ = _chat.Disconnect(this, LeaveReasons.Lost);
                _session = null;
                _logger.HelloRefused(Id, _link.Remote, Code(failed.Error));
                Send(failed, reference: null, room: null);
                return true;
            }

            _logger.MemberJoined(Id, session.Name, _link.Remote, client);
            return true;
        }

        _link.SendUncapped(FrameWriter.ToBytes(new WelcomeFrame(
            session.Name, [session.Name], session.Token, 0, _settings.Limits, _settings.ServerName, session.IsAccount, session.IsAdmin)));
        _joined = true;
        _logger.MemberJoined(Id, session.Name, _link.Remote, client);
        foreach (var (room, joinRefused) in await _chat.StartSessionAsync(session, hello.Rooms, account))
        {
            Send(joinRefused, reference: null, room: Shown(room));
        }

        return true;
    }

    private bool RefuseHello(string code, string message)
    {
        _logger.HelloRefused(Id, _link.Remote, code);
        _link.Send(StockFrames.Error(code, message));
        return true;
    }

    private const string TlsRequiredMessage =
        "Passwords are accepted over TLS only, except from the server's own machine; connect with TLS.";

    private async ValueTask<bool> OnPasswordAsync(ChatSession session, PasswordFrame change)
    {
        if (change.Password is null || change.NewPassword is null)
        {
            _link.Send(StockFrames.Error(ErrorCodes.BadFrame,
                $"A 'password' request needs the field '{(change.Password is null ? "password" : "newPassword")}' (a string): the current password and the new one."));
            return true;
        }

        if (!_link.IsEncrypted && !_link.IsLoopback)
        {
            _link.Send(StockFrames.Error(ErrorCodes.TlsRequired, TlsRequiredMessage));
            return true;
        }

        if (await _chat.ChangePasswordAsync(session, change.Password, change.NewPassword) is { } refusal)
        {
            Send(refusal, reference: null, room: null);
            return true;
        }

        _link.Send(StockFrames.PasswordChanged);
        return true;
    }
}
