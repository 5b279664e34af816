using System.Buffers;

namespace Piazza.Server.Transport;

/// <summary>
/// What a door gives a <see cref="Link"/>: how to read its lines, what to answer to liveness
/// events, and what to do when the link ends. The link knows bytes, lines and time; the handler
/// knows the protocol.
/// </summary>
internal interface ILinkHandler
{
    /// <summary>The longest line the door accepts, its terminator included.</summary>
    int MaxLineBytes { get; }

    /// <summary>True once the peer has joined (so the hello deadline no longer applies).</summary>
    bool HasJoined { get; }

    /// <summary>The door's name for metrics: the last part of its namespace (<c>Doors.Ndjson</c> is <c>ndjson</c>).</summary>
    string Door => GetType().Namespace is { } space ? space[(space.LastIndexOf('.') + 1)..].ToLowerInvariant() : "unknown";

    /// <summary>
    /// Acts on one line (without its <c>\n</c>); the line's memory is only valid until the first
    /// await. Returns false to stop reading (the peer said goodbye).
    /// </summary>
    ValueTask<bool> OnLineAsync(ReadOnlySequence<byte> line);

    /// <summary>A line ran past <see cref="MaxLineBytes"/>: the door says why and closes.</summary>
    void OnLineTooLong();

    /// <summary>No hello within the deadline: the door says why and closes.</summary>
    void OnHelloTimeout();

    /// <summary>
    /// The peer speaks the other transport: plain text on a TLS port
    /// (<paramref name="portSpeaksTls"/> true), or a TLS handshake on a plain-text port. The door
    /// says so in plain text, which is all the peer can be told, and closes.
    /// </summary>
    void OnTransportMismatch(bool portSpeaksTls);

    /// <summary>Nothing received for the timeout: the door says why and closes.</summary>
    void OnIdleTimeout();

    /// <summary>The bytes of one keepalive probe in the door's protocol.</summary>
    byte[] PingBytes { get; }

    /// <summary>
    /// The link is closing, once, for <paramref name="reason"/> (a leave reason): the door leaves
    /// the chat. Runs on whichever thread closed the link; must not block. A task returned means
    /// "more is still coming for this peer": the link ends its queue when the task completes
    /// (bounded by the shutdown grace), not at once.
    /// </summary>
    Task? OnClosing(string reason);

    /// <summary>The bytes of the error a door sends before a link is evicted as too slow.</summary>
    byte[] TooSlowBytes { get; }
}
