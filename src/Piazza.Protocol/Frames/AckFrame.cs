namespace Piazza.Protocol;

/// <summary>The server's confirmation to a sender that its <c>say</c> is stored as event <paramref name="Id"/> of <paramref name="Room"/>.</summary>
public sealed record AckFrame(string? Ref, long Id, DateTimeOffset Ts, string? Room = null) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Ack;
}
