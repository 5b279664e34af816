namespace Piazza.Protocol;

/// <summary>Why a frame could not be read: an <see cref="ErrorCodes"/> value and a sentence for people.</summary>
public sealed record ProtocolError(string Code, string Message)
{
    /// <summary>The error for a client frame over <see cref="ProtocolLimits.MaxClientFrameBytes"/>.</summary>
    public static ProtocolError FrameTooLarge(int maxFrameBytes) =>
        new(ErrorCodes.FrameTooLarge, $"A frame may be at most {maxFrameBytes} bytes including the newline.");

    internal static ProtocolError Bad(string message) => new(ErrorCodes.BadFrame, message);
}
