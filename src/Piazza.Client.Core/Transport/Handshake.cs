using Microsoft.Extensions.Logging;
using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>Sends <c>hello</c> and reads until the server welcomes or refuses (protocol §2).</summary>
internal static class Handshake
{
    /// <summary>Either the welcome or why there is none. Network failures and cancellation throw.</summary>
    public static async Task<(WelcomeFrame? Welcome, ConnectFailure? Failure)> RunAsync(
        FrameConnection connection, HelloFrame hello, string endpoint, ILogger logger, CancellationToken ct)
    {
        connection.TrySend(hello);
        while (true)
        {
            var read = await connection.ReadAsync(ct);
            if (read is not { } result)
            {
                return (null, Sentences.ClosedBeforeWelcome(endpoint));
            }

            switch (result.Status)
            {
                case FrameReadStatus.TooLarge:
                    return (null, Sentences.FrameTooLarge(endpoint));
                case FrameReadStatus.Invalid when result.Error!.Code == ErrorCodes.UnknownType:
                    // A newer server may send types this client does not know yet: ignore them.
                    Log.IgnoredUnknownType(logger, result.Error.Message);
                    continue;
                case FrameReadStatus.Invalid:
                    Log.BadFrameFromServer(logger, result.Error!.Message);
                    return (null, Sentences.NotPiazza(endpoint));
            }

            switch (result.Frame)
            {
                case WelcomeFrame welcome:
                    return (welcome, null);
                case ErrorFrame error:
                    return (null, Sentences.Refused(endpoint, hello.User, error));
                case PingFrame:
                    connection.TrySend(PongFrame.Instance);
                    break;
                case ShutdownFrame:
                    return (null, Sentences.ShuttingDown(endpoint));
                default:
                    Log.UnexpectedFrame(logger, result.Frame!.Type);
                    break;
            }
        }
    }
}
