namespace Piazza.Protocol;

/// <summary>A message a client asks the server to deliver to the room.</summary>
/// <param name="Text">The message text.</param>
/// <param name="Ref">The client's own id for the message, echoed in the ack or error.</param>
public sealed record SayFrame(string Text, string? Ref = null) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Say;
}
