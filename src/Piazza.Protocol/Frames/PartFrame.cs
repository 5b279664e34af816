namespace Piazza.Protocol;

/// <summary>A request to leave <paramref name="Room"/> and stay connected.</summary>
public sealed record PartFrame(string Room) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Part;
}
