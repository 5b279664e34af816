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

/// <summary>
/// Someone left the room; <paramref name="Reason"/> is a <c>LeaveReasons</c> value (<c>quit</c>,
/// <c>lost</c>, <c>part</c>, <c>kicked</c>...). For <c>kicked</c> (a kick, or a ban of someone
/// present), <paramref name="By"/> names the operator and <paramref name="Note"/> holds their reason, if given.
/// </summary>
public sealed record UserLeft(string Room, long Id, DateTimeOffset Ts, string User, string Reason, EventSource Source = EventSource.Live,
    string? By = null, string? Note = null)
    : RoomEvent(Room, Id, Ts, Source);

/// <summary>
/// An operator changed someone's standing in the room (protocol §12): <paramref name="Action"/> is
/// <c>ban</c>, <c>unban</c>, <c>mute</c>, <c>unmute</c>, <c>op</c> or <c>deop</c>. Everyone in the
/// room sees it, with the operator's <paramref name="Reason"/> when given. A ban of someone present
/// is followed by their <see cref="UserLeft"/> (reason <c>kicked</c>).
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Id">The event id.</param>
/// <param name="Ts">When it was stored.</param>
/// <param name="Action">What was done (a <c>ModerationActions</c> name).</param>
/// <param name="By">The operator.</param>
/// <param name="User">The person acted on.</param>
/// <param name="Duration">How long a ban or mute lasts from <paramref name="Ts"/>; null for good (or for the other actions).</param>
/// <param name="Reason">The operator's reason, or null.</param>
/// <param name="Source">How it reached the client.</param>
public sealed record ModerationChanged(string Room, long Id, DateTimeOffset Ts, string Action, string By, string User,
    TimeSpan? Duration = null, string? Reason = null, EventSource Source = EventSource.Live)
    : RoomEvent(Room, Id, Ts, Source);

/// <summary><paramref name="User"/> set the room's topic; an empty <paramref name="Topic"/> cleared it.</summary>
public sealed record TopicChanged(string Room, long Id, DateTimeOffset Ts, string User, string Topic, EventSource Source = EventSource.Live)
    : RoomEvent(Room, Id, Ts, Source);
