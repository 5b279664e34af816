namespace Piazza.Protocol;

/// <summary>The outcome of one <see cref="FrameDecoder.Read"/>.</summary>
/// <param name="Status">What was found.</param>
/// <param name="Frame">The frame, when <see cref="FrameReadStatus.Frame"/>.</param>
/// <param name="Error">Why the line was refused, when <see cref="FrameReadStatus.Invalid"/> or <see cref="FrameReadStatus.TooLarge"/>.</param>
public readonly record struct FrameReadResult(FrameReadStatus Status, Frame? Frame, ProtocolError? Error)
{
    internal static FrameReadResult NeedMoreData => default;

    internal static FrameReadResult Ok(Frame frame) => new(FrameReadStatus.Frame, frame, null);

    internal static FrameReadResult Invalid(ProtocolError error) => new(FrameReadStatus.Invalid, null, error);
}
