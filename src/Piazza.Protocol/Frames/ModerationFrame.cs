namespace Piazza.Protocol;

/// <summary>
/// An operator's request (§12): <c>kick</c>, <c>ban</c>, <c>unban</c>, <c>mute</c>, <c>unmute</c>,
/// <c>op</c> or <c>deop</c>, which is also the frame's <c>type</c>. One record for the seven, as
/// they share their fields.
/// </summary>
/// <param name="Action">The request's type: one of <see cref="Actions"/>.</param>
/// <param name="Room">The room; absent for a ban or mute of the whole server (server operators only). Required for kick, op and deop.</param>
/// <param name="User">The account or guest name acted on.</param>
/// <param name="Address">For ban, unban, mute and unmute: an IP address instead of <paramref name="User"/>.</param>
/// <param name="Duration">For ban and mute: how many seconds it lasts (at least 1); absent means for good.</param>
/// <param name="Reason">Why, in the operator's words: shown to the room and to the one acted on.</param>
public sealed record ModerationFrame(
    string Action,
    string? Room = null,
    string? User = null,
    string? Address = null,
    long? Duration = null,
    string? Reason = null) : Frame
{
    /// <summary>Every request type this record stands for.</summary>
    public static IReadOnlyList<string> Actions { get; } =
        [FrameTypes.Kick, FrameTypes.Ban, FrameTypes.Unban, FrameTypes.Mute, FrameTypes.Unmute, FrameTypes.Op, FrameTypes.Deop];

    /// <inheritdoc />
    public override string Type => Action;
}
