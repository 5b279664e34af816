namespace Piazza.Client.Core;

/// <summary>Something that happened: in the room, on the connection, or to the client's state.</summary>
public abstract record ChatEvent;

/// <summary>A room message from another member (or history, when <paramref name="Replay"/>).</summary>
/// <param name="Id">The room event id.</param>
/// <param name="Ts">When the server accepted it.</param>
/// <param name="From">The sender, stamped by the server.</param>
/// <param name="Text">The text.</param>
/// <param name="Replay">True for history sent on joining, false for live messages.</param>
public sealed record MessageReceived(long Id, DateTimeOffset Ts, string From, string Text, bool Replay) : ChatEvent;

/// <summary>Someone joined the room.</summary>
public sealed record UserJoined(long Id, DateTimeOffset Ts, string User) : ChatEvent;

/// <summary>Someone left the room; <paramref name="Reason"/> is a <c>LeaveReasons</c> value (<c>quit</c>, <c>lost</c>...).</summary>
public sealed record UserLeft(long Id, DateTimeOffset Ts, string User, string Reason) : ChatEvent;

/// <summary>The member list changed; <paramref name="Users"/> is the whole new list (empty while not connected).</summary>
public sealed record UsersChanged(IReadOnlyList<string> Users) : ChatEvent;

/// <summary>The client's state changed; see <see cref="ChatClient.Status"/>.</summary>
public sealed record StatusChanged(ChatStatus Status) : ChatEvent;

/// <summary>The server accepted the join: after the first connect and after every reconnect.</summary>
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
/// client's messages (the matching <see cref="ChatClient.SendAsync"/> also reports it).
/// </summary>
public sealed record ServerError(string Code, string Message, string? Ref) : ChatEvent;
