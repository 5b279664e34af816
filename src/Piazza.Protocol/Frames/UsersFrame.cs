namespace Piazza.Protocol;

/// <summary>The member list, in answer to <see cref="WhoFrame"/>.</summary>
public sealed record UsersFrame(IReadOnlyList<string> Users) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Users;
}
