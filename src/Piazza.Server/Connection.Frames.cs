using Piazza.Protocol;

namespace Piazza.Server;

internal sealed partial class Connection
{
    /// <summary>Acts on one decoded line. Returns false when the client said <c>bye</c>.</summary>
    private bool Handle(FrameReadResult result)
    {
        if (result.Status == FrameReadStatus.Invalid)
        {
            var error = result.Error!;
            Logger.FrameRefused(Id, error.Code);
            // Before joining, anything that is not hello/ping/pong/bye is not_joined, known or not.
            Send(User is null && error.Code == ErrorCodes.UnknownType
                ? StockFrames.NotJoined
                : StockFrames.Error(error.Code, error.Message));
            return true;
        }

        switch (result.Frame)
        {
            case PingFrame:
                Send(StockFrames.Pong);
                return true;
            case PongFrame:
                return true;
            case ByeFrame:
                Close(LeaveReasons.Quit);
                return false;
            case HelloFrame hello:
                OnHello(hello);
                return true;
            case var _ when User is null:
                Send(StockFrames.NotJoined);
                return true;
            case SayFrame say:
                OnSay(say);
                return true;
            case WhoFrame:
                Send(FrameWriter.ToBytes(new UsersFrame(_server.Room.Users())));
                return true;
            default:
                // A server-to-client frame sent by a client.
                Send(StockFrames.Error(ErrorCodes.UnknownType,
                    $"'{result.Frame!.Type}' is sent by the server, not accepted from clients."));
                return true;
        }
    }

    private void OnHello(HelloFrame hello)
    {
        if (User is not null)
        {
            Send(StockFrames.AlreadyJoined);
            return;
        }

        if (hello.Protocol is { } version && version != ProtocolLimits.ProtocolVersion)
        {
            Logger.HelloRefused(Id, Remote, ErrorCodes.UnsupportedProtocol);
            Send(StockFrames.Error(ErrorCodes.UnsupportedProtocol,
                $"This server speaks protocol {ProtocolLimits.ProtocolVersion}; the client asked for {version}."));
            return;
        }

        var verdict = UsernameRules.Validate(hello.User);
        if (!verdict.IsValid)
        {
            Logger.HelloRefused(Id, Remote, ErrorCodes.InvalidUsername);
            Send(StockFrames.Error(ErrorCodes.InvalidUsername, verdict.Message!));
            return;
        }

        var outcome = _server.Room.TryJoin(this, hello.User);
        switch (outcome.Status)
        {
            case JoinStatus.Joined:
                Logger.MemberJoined(Id, hello.User, Remote, hello.Client ?? "-");
                break;
            case JoinStatus.Taken:
                Logger.HelloRefused(Id, Remote, ErrorCodes.UsernameTaken);
                Send(StockFrames.Error(ErrorCodes.UsernameTaken,
                    $"The username '{hello.User}' is already in use.", suggestion: outcome.Suggestion));
                break;
            case JoinStatus.Closing:
                // Shutdown is under way; the shutdown frame is on its way to this connection.
                break;
        }
    }

    private void OnSay(SayFrame say)
    {
        var verdict = MessageTextRules.Validate(say.Text);
        if (!verdict.IsValid)
        {
            Send(StockFrames.Error(verdict.Code!, verdict.Message!, say.Ref));
            return;
        }

        Logger.MessageAccepted(Id, User!, say.Text);
        _server.Room.Say(this, say.Text, say.Ref);
    }
}
