namespace Piazza.Client.Core;

/// <summary>A page of a room's history, oldest first.</summary>
/// <param name="Room">The room or conversation.</param>
/// <param name="Events">The events, oldest first, each with <see cref="EventSource.History"/>.</param>
/// <param name="ReachedBeginning">True when no older events exist: this page starts the room's history.</param>
public sealed record HistoryPage(string Room, IReadOnlyList<RoomEvent> Events, bool ReachedBeginning);
