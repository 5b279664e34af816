namespace Piazza.Protocol;

/// <summary>Room event: <paramref name="User"/> left, for <paramref name="Reason"/> (see <see cref="LeaveReasons"/>).</summary>
public sealed record LeftFrame(long Id, DateTimeOffset Ts, string User, string Reason) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Left;
}
