namespace Piazza.Protocol;

/// <summary>Room event: <paramref name="User"/> joined <paramref name="Room"/>.</summary>
public sealed record JoinedFrame(long Id, DateTimeOffset Ts, string User, string? Room = null, bool Replay = false) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Joined;
}
