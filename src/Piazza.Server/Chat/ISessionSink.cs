namespace Piazza.Server.Chat;

/// <summary>
/// What a session offers the chat: a door's connection, seen protocol-neutrally. The chat calls
/// it while holding a room's lock, so every method only queues and never waits.
/// </summary>
internal interface ISessionSink
{
    /// <summary>True once the connection is closing: the chat must not give it a name.</summary>
    bool IsClosing { get; }

    /// <summary>The session the chat gave this connection, set under the registry's lock.</summary>
    ChatSession? Session { get; set; }

    /// <summary>Queues a room event. Returns false when the connection's queue overflowed (the caller evicts it outside its locks).</summary>
    bool Deliver(RoomEvent roomEvent, EventView view);

    /// <summary>Queues the acknowledgement of this session's own message. Returns false on overflow.</summary>
    bool Acknowledge(RoomEvent roomEvent, EventView view, string? reference);

    /// <summary>Queues a room's state and its replay: the start of the session's view of it.</summary>
    void Opened(RoomOpening opening);

    /// <summary>The queue overflowed during a delivery: close the connection as too slow.</summary>
    void Evict();

    /// <summary>Someone else took over this session's name with its session token: close as replaced.</summary>
    void Replace();

    /// <summary>An operator banned this session from the server: send <paramref name="message"/> as a refusal and close as kicked.</summary>
    void Expel(string message);
}
