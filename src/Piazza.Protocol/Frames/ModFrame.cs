namespace Piazza.Protocol;

/// <summary>
/// A moderation change (§12). With an <paramref name="Id"/> it is a room event every member sees,
/// stored in the room's history: someone was banned, unbanned, muted, unmuted, made an operator
/// or no longer one. Without an id it is the confirmation sent only to the operator who asked,
/// for changes that are not room events (server-wide bans and mutes, and anything done by address,
/// which is never shown to a room) and for requests that changed nothing.
/// </summary>
/// <param name="Action">What was done: <c>ban</c>, <c>unban</c>, <c>mute</c>, <c>unmute</c>, <c>op</c> or <c>deop</c>.</param>
/// <param name="By">The operator who did it.</param>
/// <param name="User">The account or guest name acted on.</param>
/// <param name="Address">The address acted on (confirmations only; never in a room event).</param>
/// <param name="Duration">For ban and mute: seconds it lasts from <paramref name="Ts"/>; absent means for good.</param>
/// <param name="Reason">The operator's reason, if given.</param>
/// <param name="Room">The room; absent for the whole server.</param>
/// <param name="Id">The event id in the room (absent in a confirmation).</param>
/// <param name="Ts">When it happened.</param>
/// <param name="Replay">True when sent as history.</param>
public sealed record ModFrame(
    string Action,
    string By,
    string? User = null,
    string? Address = null,
    long? Duration = null,
    string? Reason = null,
    string? Room = null,
    long? Id = null,
    DateTimeOffset? Ts = null,
    bool Replay = false) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Mod;
}
