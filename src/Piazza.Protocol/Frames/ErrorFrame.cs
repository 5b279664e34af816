namespace Piazza.Protocol;

/// <summary>A refusal or a protocol violation, with a stable <paramref name="Code"/> (see <see cref="ErrorCodes"/>).</summary>
/// <param name="Code">Machine-readable code.</param>
/// <param name="Message">A sentence for people.</param>
/// <param name="Ref">The <c>ref</c> of the <c>say</c> this error refuses, if any.</param>
/// <param name="Suggestion">For <c>username_taken</c>: a free name the client may offer instead.</param>
/// <param name="Room">The room the refused request was about, if any.</param>
public sealed record ErrorFrame(string Code, string Message, string? Ref = null, string? Suggestion = null, string? Room = null) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Error;
}
