using Piazza.Protocol;

namespace Piazza.Server.Doors.Ndjson;

/// <summary>Frames whose bytes never change, serialized once.</summary>
internal static class StockFrames
{
    public static readonly byte[] Ping = FrameWriter.ToBytes(PingFrame.Instance);
    public static readonly byte[] Pong = FrameWriter.ToBytes(PongFrame.Instance);
    public static readonly byte[] Shutdown = FrameWriter.ToBytes(ShutdownFrame.Default);
    public static readonly byte[] PasswordChanged = FrameWriter.ToBytes(PasswordFrame.Confirmation);

    public static readonly byte[] NotJoined = Error(ErrorCodes.NotJoined,
        "Join first: before 'hello' is accepted only 'hello', 'ping', 'pong' and 'bye' are allowed.");

    public static readonly byte[] AlreadyJoined = Error(ErrorCodes.AlreadyJoined,
        "This connection has already joined; 'hello' is accepted once.");

    public static readonly byte[] HelloTimeout = Error(ErrorCodes.HelloTimeout,
        "No 'hello' arrived in time; the connection is closed.");

    public static readonly byte[] TooSlow = Error(ErrorCodes.TooSlow,
        "The connection did not keep up with the room's traffic and is closed.");

    public static readonly byte[] ServerFull = Error(ErrorCodes.ServerFull,
        "The server has reached its maximum number of connections; try again later.");

    public static readonly byte[] TooManyConnections = Error(ErrorCodes.TooManyConnections,
        "Too many connections from your address; close one and try again.");

    public static readonly byte[] TlsPort = Error(ErrorCodes.TlsRequired,
        "This port speaks TLS: connect with TLS, or to the server's plain-text port.");

    public static readonly byte[] PlainTextPort = Error(ErrorCodes.BadFrame,
        "This port speaks plain text, not TLS: connect without TLS, or to the server's TLS port.");

    public static readonly byte[] FrameTooLarge = FrameWriter.ToBytes(new ErrorFrame(
        ErrorCodes.FrameTooLarge, ProtocolError.FrameTooLarge(ProtocolLimits.MaxClientFrameBytes).Message));

    public static byte[] Error(string code, string message, string? reference = null, string? suggestion = null, string? room = null) =>
        FrameWriter.ToBytes(new ErrorFrame(code, message, reference, suggestion, room));

    /// <summary>The error a member dropped for silence is sent (protocol §6).</summary>
    public static byte[] Timeout(TimeSpan timeout) => Error(ErrorCodes.Timeout,
        $"No reply to ping for {timeout.TotalSeconds:0.###} s; the connection is closed.");
}
