namespace Piazza.Protocol;

/// <summary>A message, as every member other than its sending session receives it.</summary>
/// <param name="Id">The event id in its room.</param>
/// <param name="Ts">When the server accepted it.</param>
/// <param name="From">The sender, stamped by the server from the session.</param>
/// <param name="Text">The message text.</param>
/// <param name="Replay">True when sent as history (catch-up), not live.</param>
/// <param name="Room">The room, or <c>@name</c> of the other person in a direct conversation.</param>
public sealed record MessageFrame(long Id, DateTimeOffset Ts, string From, string Text, bool Replay = false, string? Room = null) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Message;
}
