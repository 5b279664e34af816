namespace Piazza.Protocol;

/// <summary>Room event: <paramref name="User"/> joined.</summary>
public sealed record JoinedFrame(long Id, DateTimeOffset Ts, string User) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Joined;
}
