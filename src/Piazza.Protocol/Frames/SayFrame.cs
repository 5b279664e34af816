namespace Piazza.Protocol;

/// <summary>A message a client asks the server to deliver.</summary>
/// <param name="Text">The message text.</param>
/// <param name="Ref">The client's own id for the message, echoed in the ack or error; a repeated ref is the same message.</param>
/// <param name="Room">The room (<c>#dev</c>) or person (<c>@bob</c>) it is for; absent means the default room.</param>
public sealed record SayFrame(string Text, string? Ref = null, string? Room = null) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Say;
}
