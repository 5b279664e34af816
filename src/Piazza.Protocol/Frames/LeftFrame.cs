namespace Piazza.Protocol;

/// <summary>Room event: <paramref name="User"/> left, for <paramref name="Reason"/> (see <see cref="LeaveReasons"/>).</summary>
/// <param name="Id">The event id in its room.</param>
/// <param name="Ts">When it happened.</param>
/// <param name="User">Who left.</param>
/// <param name="Reason">Why (a <see cref="LeaveReasons"/> value).</param>
/// <param name="Room">The room left.</param>
/// <param name="Replay">True when sent as history.</param>
/// <param name="By">Who removed them, for <c>kicked</c>.</param>
/// <param name="Note">For <c>kicked</c>: the operator's reason in their own words, if given (<paramref name="Reason"/> is the machine-readable why).</param>
public sealed record LeftFrame(long Id, DateTimeOffset Ts, string User, string Reason, string? Room = null, bool Replay = false, string? By = null, string? Note = null) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Left;
}
