namespace Piazza.Protocol;

/// <summary>A room message, as every member other than its sender receives it.</summary>
/// <param name="Id">The room event id.</param>
/// <param name="Ts">When the server accepted it.</param>
/// <param name="From">The sender, stamped by the server from the session.</param>
/// <param name="Text">The message text.</param>
/// <param name="Replay">True when sent as history to a newcomer, not live.</param>
public sealed record MessageFrame(long Id, DateTimeOffset Ts, string From, string Text, bool Replay = false) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Message;
}
