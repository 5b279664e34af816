namespace Piazza.Protocol;

/// <summary>The server's confirmation to a sender that its <c>say</c> became event <paramref name="Id"/>.</summary>
public sealed record AckFrame(string? Ref, long Id, DateTimeOffset Ts) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Ack;
}
