namespace Piazza.Protocol;

/// <summary>
/// Where a client left a room: the last event id it saw and the epoch of the history that id
/// belongs to. Both absent means "no cursor" (the recent history is replayed).
/// </summary>
/// <param name="Since">The id of the last event the client has.</param>
/// <param name="Epoch">The room's epoch when the client saw it.</param>
public sealed record RoomCursor(long? Since = null, string? Epoch = null)
{
    /// <summary>No cursor: <c>{}</c>.</summary>
    public static RoomCursor None { get; } = new();
}
