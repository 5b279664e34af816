namespace Piazza.Client.Core;

/// <summary>Something that happened: in a room, on the connection, in the outbox, or to the client's state.</summary>
public abstract record ChatEvent;

/// <summary>The client's state changed; see <see cref="ChatClient.Status"/>.</summary>
public sealed record StatusChanged(ChatStatus Status) : ChatEvent;

/// <summary>
/// The server accepted the connection: after the first connect and after every reconnect. The
/// rooms follow, each with its own <see cref="RoomOpened"/>.
/// </summary>
public sealed record Joined(WelcomeInfo Welcome, bool IsReconnect) : ChatEvent;

/// <summary>The connection ended without the user asking; <paramref name="Reason"/> is a sentence for people.</summary>
public sealed record ConnectionLost(string Reason) : ChatEvent;

/// <summary>Reconnect attempt <paramref name="Attempt"/> will start after <paramref name="Delay"/>, at <paramref name="At"/>.</summary>
public sealed record ReconnectScheduled(int Attempt, TimeSpan Delay, DateTimeOffset At) : ChatEvent;

/// <summary>Reconnect attempt <paramref name="Attempt"/> failed; another is scheduled next.</summary>
public sealed record ReconnectFailed(int Attempt, ConnectFailure Failure) : ChatEvent;

/// <summary>The server announced that it is shutting down; the connection closes next.</summary>
public sealed record ServerShuttingDown(string Message) : ChatEvent;

/// <summary>
/// The server sent an <c>error</c>. <paramref name="Ref"/> is set when it refuses one of this
/// client's messages (its <see cref="OutgoingMessage"/> fails too); <paramref name="Room"/> when
/// the refusal is about a room (a join, a part, a topic, a history request). <paramref name="Answered"/>
/// is true when it refused a request whose caller receives it as an exception (a password change,
/// a moderation of the whole server), so a front end need not show it twice.
/// </summary>
public sealed record ServerError(string Code, string Message, string? Ref, string? Room = null, bool Answered = false) : ChatEvent;

/// <summary>An outgoing message changed state: queued, sent, held back by flood control, acknowledged or failed.</summary>
public sealed record OutboxChanged(OutgoingMessage Message) : ChatEvent;

/// <summary>
/// The server confirmed a moderation request of this client that is no room event: a ban or mute
/// of the whole server, anything done to an address, or a request that changed nothing (an
/// <c>unban</c> of no ban, an <c>op</c> of an operator). <paramref name="Room"/> is null for the whole server.
/// </summary>
public sealed record ModerationConfirmed(string Action, string By, string? User, string? Address, string? Room,
    TimeSpan? Duration, string? Reason) : ChatEvent;
