namespace Piazza.Client.Core;

/// <summary>
/// An event of a room or direct conversation, as stored by the server: per room, the client hands
/// them out once each, in id order, with no gap (see <see cref="ChatClient"/>).
/// </summary>
/// <param name="Room">The room (<c>#dev</c>) or direct conversation (<c>@bob</c>, the other person).</param>
/// <param name="Id">The event's id in its room: 1, 2, 3... with no gap.</param>
/// <param name="Ts">When the server stored it.</param>
/// <param name="Source">How it reached the client.</param>
public abstract record RoomEvent(string Room, long Id, DateTimeOffset Ts, EventSource Source) : ChatEvent
{
    /// <summary>True for anything but a live event: caught up, recent history or fetched history.</summary>
    public bool Replay => Source != EventSource.Live;
}

/// <summary>A message; this client's own messages come out too, with their <paramref name="Ref"/> when this client sent them.</summary>
/// <param name="Room">The room or conversation.</param>
/// <param name="Id">The event id.</param>
/// <param name="Ts">When the server accepted it.</param>
/// <param name="From">The sender, stamped by the server.</param>
/// <param name="Text">The text.</param>
/// <param name="Source">How it reached the client.</param>
/// <param name="Ref">For a message this client sent and saw acknowledged: its <see cref="OutgoingMessage.Ref"/>.</param>
public sealed record MessageReceived(string Room, long Id, DateTimeOffset Ts, string From, string Text,
    EventSource Source = EventSource.Live, string? Ref = null) : RoomEvent(Room, Id, Ts, Source);

/// <summary>Someone joined the room. (The server does not send this client its own join; see <see cref="RoomOpened"/>.)</summary>
public sealed record UserJoined(string Room, long Id, DateTimeOffset Ts, string User, EventSource Source = EventSource.Live)
    : RoomEvent(Room, Id, Ts, Source);

/// <summary>Someone left the room; <paramref name="Reason"/> is a <c>LeaveReasons</c> value (<c>quit</c>, <c>lost</c>, <c>part</c>...).</summary>
public sealed record UserLeft(string Room, long Id, DateTimeOffset Ts, string User, string Reason, EventSource Source = EventSource.Live)
    : RoomEvent(Room, Id, Ts, Source);

/// <summary><paramref name="User"/> set the room's topic; an empty <paramref name="Topic"/> cleared it.</summary>
public sealed record TopicChanged(string Room, long Id, DateTimeOffset Ts, string User, string Topic, EventSource Source = EventSource.Live)
    : RoomEvent(Room, Id, Ts, Source);
