namespace Piazza.Protocol;

/// <summary>The server is going away; the connection closes right after.</summary>
public sealed record ShutdownFrame(string Message) : Frame
{
    /// <summary>The message the Piazza server sends.</summary>
    public static ShutdownFrame Default { get; } = new("The server is shutting down.");

    /// <inheritdoc />
    public override string Type => FrameTypes.Shutdown;
}
