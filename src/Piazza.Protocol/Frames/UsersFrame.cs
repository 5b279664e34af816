namespace Piazza.Protocol;

/// <summary>The member list of <paramref name="Room"/>, in answer to <see cref="WhoFrame"/>.</summary>
public sealed record UsersFrame(IReadOnlyList<string> Users, string? Room = null) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Users;
}
