namespace Piazza.Protocol;

/// <summary>A request to join (and, if needed, create) <paramref name="Room"/>, catching up from a cursor.</summary>
/// <param name="Room">The room name (<c>#dev</c>), or <c>@name</c> to open a direct conversation's history.</param>
/// <param name="Since">The last event id the client has, or null for none.</param>
/// <param name="Epoch">The epoch that id belongs to.</param>
public sealed record JoinFrame(string Room, long? Since = null, string? Epoch = null) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Join;
}
