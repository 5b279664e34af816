namespace Piazza.Server.Chat;

/// <summary>
/// A room as a session first sees it after joining (or when a direct conversation first reaches
/// it): its state when the session's view began, then the events it missed, oldest first.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="View">The view the session has of the room's events (which side of a direct conversation).</param>
/// <param name="Topic">The topic then.</param>
/// <param name="Users">The members then, the session's own name included.</param>
/// <param name="LastId">The newest id then (the session's own <c>joined</c> when it just joined).</param>
/// <param name="Truncated">True when <paramref name="Replay"/> does not reach back to the session's cursor.</param>
/// <param name="Replay">The events replayed, oldest first.</param>
/// <param name="Joined">True when this opening is the session joining the room (false for a re-join of a room it is in, another device's quiet join, or a direct conversation).</param>
/// <param name="Operators">The room's operators then, or null when it has none.</param>
internal sealed record RoomOpening(
    Room Room,
    EventView View,
    string? Topic,
    IReadOnlyList<string> Users,
    long LastId,
    bool Truncated,
    IReadOnlyList<RoomEvent> Replay,
    bool Joined,
    IReadOnlyList<string>? Operators = null);
