namespace Piazza.Server.Chat;

/// <summary>One page of scrollback: events oldest first, and whether older ones exist.</summary>
/// <param name="View">The reader's view of the events (which side of a direct conversation).</param>
/// <param name="Events">The events, oldest first.</param>
/// <param name="More">True when older events exist.</param>
internal sealed record HistoryPage(EventView View, IReadOnlyList<RoomEvent> Events, bool More);
