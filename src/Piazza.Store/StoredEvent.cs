namespace Piazza.Store;

/// <summary>
/// One room event as the store keeps it: protocol-neutral, immutable, numbered. Ids are dense per
/// room (1, 2, 3, ...), assigned by the store in the same step that makes the event durable, and
/// never reused, also after a restart or after retention removed older events.
/// </summary>
/// <param name="Room">The room key: <c>#name</c> for a room, <c>@a@b</c> (both names lowercase, sorted) for a direct conversation.</param>
/// <param name="Id">The event's number in its room.</param>
/// <param name="Ts">When the store accepted it (UTC, millisecond precision).</param>
/// <param name="Kind">What happened.</param>
/// <param name="User">Who: the sender of a message, the member who joined or left, the setter of a topic.</param>
/// <param name="Text">The message text, the new topic, or an operator's reason (a kick's, a ban's).</param>
/// <param name="Reason">For <see cref="EventKind.Left"/>: why (quit, lost, timeout, slow, error, replaced, part, kicked).</param>
/// <param name="By">For a removal by someone else (kick, ban): who did it.</param>
/// <param name="Duration">For a ban or mute: how many seconds it lasts; null for good.</param>
public sealed record StoredEvent(
    string Room,
    long Id,
    DateTimeOffset Ts,
    EventKind Kind,
    string User,
    string? Text = null,
    string? Reason = null,
    string? By = null,
    long? Duration = null);
