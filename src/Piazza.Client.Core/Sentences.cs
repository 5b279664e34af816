using System.Globalization;
using System.Net.Sockets;
using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>
/// Every sentence the client shows people, in one place, so that each failure reads as one
/// specific sentence that says what happened and, where it helps, what to do.
/// </summary>
internal static class Sentences
{
    public const string ServerClosed = "The server closed the connection.";
    public const string Disconnected = "Not connected to a server.";
    public const string StillConnecting = "Not connected yet: still connecting to the server.";
    public const string Reconnecting = "Not connected: reconnecting to the server.";
    public const string Disconnecting = "Not connected: disconnecting from the server.";
    public const string JustClosed = "Not connected: the connection has just closed.";
    public const string LostBeforeAck = "The connection was lost before the server confirmed the message.";
    public const string ClosedBeforeAck = "The connection was closed before the server confirmed the message.";
    public const string NotSentDisconnected = "The client disconnected before the message could be sent.";
    public const string NotSentConnectionLost = "The connection was lost before the message could be sent.";
    public const string NotSentReconnectStopped = "The client stopped reconnecting before the message could be sent.";
    public const string NotSentAccountChanged = "The client connected to another server or as another name before the message could be sent.";
    public const string LostBeforeAnswer = "The connection was lost before the server answered.";
    public const string ClosedBeforeAnswer = "The connection was closed before the server answered.";
    public const string NoTopicInConversation = "A direct conversation has no topic.";

    public static string NotInRoom(string room) => $"You are not in {room}; join it first.";

    public static string RemovedFromRoom(string room, string reason, string? by = null, string? note = null) => reason == LeaveReasons.Kicked
        ? $"You were removed from {room}{(by is null ? "" : " by " + by)}{(string.IsNullOrEmpty(note) ? "" : ": " + note)}."
        : $"You left {room} ({reason}).";

    /// <summary><c>host:port</c>, with brackets around an IPv6 address.</summary>
    public static string Endpoint(string host, int port)
    {
        var bracket = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[');
        return string.Create(CultureInfo.InvariantCulture, $"{(bracket ? "[" + host + "]" : host)}:{port}");
    }

    /// <summary>"10 seconds", "1 second", "1.5 seconds", "250 ms".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(span.TotalMilliseconds)} ms");
        }

        var seconds = Math.Round(span.TotalSeconds, 1);
        return seconds == 1
            ? "1 second"
            : string.Create(CultureInfo.InvariantCulture, $"{seconds} seconds");
    }

    public static ConnectFailure LookupFailed(string host, string endpoint, SocketError error, string detail) => error switch
    {
        SocketError.HostNotFound or SocketError.NoData => new(ConnectFailureKind.HostNotFound,
            $"Could not connect to {endpoint}: the host name '{host}' was not found.", EndpointRules.HostField),
        SocketError.TryAgain => new(ConnectFailureKind.HostNotFound,
            $"Could not look up the host name '{host}': the name server did not answer; check the network connection.",
            EndpointRules.HostField),
        _ => new(ConnectFailureKind.NetworkError,
            $"Could not look up the host name '{host}': {Clause(detail)}.", EndpointRules.HostField),
    };

    public static ConnectFailure ConnectFailed(string endpoint, SocketError error, string detail) => error switch
    {
        SocketError.ConnectionRefused => new(ConnectFailureKind.ConnectionRefused,
            $"Could not connect to {endpoint}: connection refused. Is the server running?"),
        SocketError.TimedOut => new(ConnectFailureKind.TimedOut,
            $"Could not connect to {endpoint}: the connection attempt timed out."),
        SocketError.NetworkUnreachable or SocketError.NetworkDown => new(ConnectFailureKind.NetworkError,
            $"Could not connect to {endpoint}: the network is unreachable."),
        SocketError.HostUnreachable => new(ConnectFailureKind.NetworkError,
            $"Could not connect to {endpoint}: the host is unreachable."),
        SocketError.AddressNotAvailable => new(ConnectFailureKind.NetworkError,
            $"Could not connect to {endpoint}: that address is not available from this machine."),
        SocketError.AccessDenied => new(ConnectFailureKind.NetworkError,
            $"Could not connect to {endpoint}: access was denied (a firewall may block it)."),
        _ => new(ConnectFailureKind.NetworkError, $"Could not connect to {endpoint}: {Clause(detail)}."),
    };

    public static ConnectFailure ConnectTimedOut(string endpoint, TimeSpan timeout) => new(ConnectFailureKind.TimedOut,
        $"Could not connect to {endpoint}: no answer within {Duration(timeout)}.");

    public static ConnectFailure JoinTimedOut(string endpoint, TimeSpan timeout) => new(ConnectFailureKind.TimedOut,
        $"Connected to {endpoint}, but the server did not accept the join within {Duration(timeout)}; is it a Piazza server?");

    public static ConnectFailure ClosedBeforeWelcome(string endpoint) => new(ConnectFailureKind.NetworkError,
        $"The server at {endpoint} closed the connection before accepting the join.");

    public static ConnectFailure FailedBeforeWelcome(string endpoint, string detail) => new(ConnectFailureKind.NetworkError,
        $"The connection to {endpoint} failed before the server accepted the join: {Clause(detail)}.");

    public static ConnectFailure NotPiazza(string endpoint) => new(ConnectFailureKind.ProtocolError,
        $"The server at {endpoint} sent something that is not a Piazza frame; it does not seem to be a Piazza server.");

    public static ConnectFailure FrameTooLarge(string endpoint) => new(ConnectFailureKind.ProtocolError,
        $"The server at {endpoint} sent a line longer than {ProtocolLimits.MaxServerFrameBytes / (1024 * 1024)} MiB; it does not seem to be a Piazza server.");

    public static ConnectFailure ShuttingDown(string endpoint) => new(ConnectFailureKind.NetworkError,
        $"The server at {endpoint} is shutting down; try again later.");

    /// <summary>The failure for an <c>error</c> frame received instead of a welcome.</summary>
    public static ConnectFailure Refused(string endpoint, string username, ErrorFrame error) => error.Code switch
    {
        ErrorCodes.UsernameTaken => new(ConnectFailureKind.UsernameTaken,
            string.IsNullOrEmpty(error.Suggestion)
                ? $"The username '{username}' is already in use; choose another."
                : $"The username '{username}' is already in use; try '{error.Suggestion}'.",
            UsernameRules.Field, string.IsNullOrEmpty(error.Suggestion) ? null : error.Suggestion),
        ErrorCodes.InvalidUsername => new(ConnectFailureKind.UsernameInvalid,
            string.IsNullOrWhiteSpace(error.Message) ? $"The server refused the username '{username}'." : error.Message,
            UsernameRules.Field),
        ErrorCodes.ServerFull => new(ConnectFailureKind.ServerFull,
            $"The server at {endpoint} is full; try again later."),
        ErrorCodes.TooManyConnections => new(ConnectFailureKind.ServerFull,
            $"The server at {endpoint} accepts no more connections from your address; try again later."),
        ErrorCodes.UnsupportedProtocol => new(ConnectFailureKind.ProtocolError,
            $"The server at {endpoint} does not support Piazza protocol version {ProtocolLimits.ProtocolVersion}."),
        ErrorCodes.TlsRequired => TlsSentences.TlsRequired(endpoint, error.Message),
        ErrorCodes.AuthFailed or ErrorCodes.AccountExists or ErrorCodes.WeakPassword or ErrorCodes.AuthRequired
            or ErrorCodes.TooManyAttempts or ErrorCodes.NotPermitted => AccountSentences.Refused(endpoint, username, error),
        ErrorCodes.HelloTimeout => new(ConnectFailureKind.TimedOut,
            $"The server at {endpoint} gave up waiting for the join."),
        _ => new(ConnectFailureKind.ProtocolError,
            $"The server at {endpoint} refused the join ({error.Code}): {Clause(error.Message)}."),
    };

    public static string KeepaliveTimeout(TimeSpan timeout) => $"The server did not answer for {Duration(timeout)}.";

    public static string ConnectionFailed(string detail) => $"The connection to the server failed: {Clause(detail)}.";

    public static string ServerFrameTooLarge() =>
        $"The server sent a line longer than {ProtocolLimits.MaxServerFrameBytes / (1024 * 1024)} MiB.";

    public static string NotConnectedFor(ConnectionState state) => state switch
    {
        ConnectionState.Connecting => StillConnecting,
        ConnectionState.Reconnecting => Reconnecting,
        ConnectionState.Connected => JustClosed,
        _ => Disconnected,
    };

    public static string FrameTooLargeToSend(int bytes, int limit) => string.Create(CultureInfo.InvariantCulture,
        $"Message is too long to send: {bytes} bytes encoded, the server accepts at most {limit}.");

    /// <summary>What went wrong with a socket, as a clause ("the connection was reset").</summary>
    public static string Detail(Exception ex)
    {
        var socket = ex as SocketException ?? ex.InnerException as SocketException;
        return socket?.SocketErrorCode switch
        {
            SocketError.ConnectionReset => "the connection was reset",
            SocketError.ConnectionAborted or SocketError.OperationAborted => "the connection was aborted",
            SocketError.Shutdown => "the connection was already shut down",
            SocketError.TimedOut => "the connection timed out",
            SocketError.HostUnreachable => "the host became unreachable",
            SocketError.NetworkUnreachable or SocketError.NetworkDown => "the network became unreachable",
            _ => Clause(ex.Message),
        };
    }

    /// <summary>A sentence fragment: no final period, so it can end another sentence.</summary>
    public static string Clause(string text)
    {
        text = text.Trim().TrimEnd('.');
        return text.Length == 0 ? "no details were given" : text;
    }
}
