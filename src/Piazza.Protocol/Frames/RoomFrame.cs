namespace Piazza.Protocol;

/// <summary>
/// Sent when a room is joined (or a direct conversation first reaches a session), before its
/// replay: the room's state at that moment.
/// </summary>
/// <param name="Room">The room, lowercase (<c>#dev</c>), or <c>@name</c> for a direct conversation.</param>
/// <param name="Topic">The room's topic, or null.</param>
/// <param name="Users">The members present, the joiner included.</param>
/// <param name="LastId">The newest event id of the room at that moment (the joiner's own <c>joined</c>, which is not sent to it).</param>
/// <param name="Epoch">The epoch of the room's history: keep it with the cursor.</param>
/// <param name="Truncated">True when the replay that follows does not reach back to the client's cursor: page back with <c>history</c>.</param>
/// <param name="Operators">The room's operators (§12), when it has any: accounts, present or not.</param>
public sealed record RoomFrame(string Room, string? Topic, IReadOnlyList<string> Users, long LastId, string Epoch, bool Truncated, IReadOnlyList<string>? Operators = null) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Room;
}
