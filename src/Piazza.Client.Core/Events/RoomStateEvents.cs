namespace Piazza.Client.Core;

/// <summary>
/// A room or conversation was added to <see cref="ChatClient.Rooms"/>, or its state changed
/// (joined or not, topic, members). <paramref name="Room"/> is the state as of this event.
/// </summary>
public sealed record RoomUpdated(ChatRoom Room) : ChatEvent;

/// <summary>
/// The server described a room on joining it (at every connect, reconnect and join) or when a
/// direct conversation first reached this connection; its events follow. When
/// <paramref name="Continues"/> is false they do not continue what was handed out for the room
/// before (the first time, or the server lost that history and numbers it afresh under a new
/// epoch): what a front end showed of the room is then older than everything that follows.
/// </summary>
public sealed record RoomOpened(ChatRoom Room, bool Continues) : ChatEvent;

/// <summary>
/// A room or conversation left <see cref="ChatClient.Rooms"/>: parted, or the join was refused
/// (<paramref name="Reason"/> then says why).
/// </summary>
public sealed record RoomRemoved(string Room, string? Reason) : ChatEvent;

/// <summary>The member list of <paramref name="Room"/> changed; <paramref name="Users"/> is the whole new list (empty while not connected).</summary>
public sealed record UsersChanged(string Room, IReadOnlyList<string> Users) : ChatEvent;

/// <summary>
/// Events <paramref name="FirstId"/> to <paramref name="LastId"/> of <paramref name="Room"/> were
/// missed and the server no longer has them (its retention removed them): they will never come.
/// Raised in their place in the room's order.
/// </summary>
public sealed record EventsMissing(string Room, long FirstId, long LastId) : ChatEvent;
