namespace Piazza.Protocol;

/// <summary>From a client, a request for the list of rooms (<paramref name="Rooms"/> null); from the server, the list.</summary>
public sealed record RoomsFrame(IReadOnlyList<RoomSummary>? Rooms = null) : Frame
{
    /// <summary>The request.</summary>
    public static RoomsFrame Request { get; } = new();

    /// <inheritdoc />
    public override string Type => FrameTypes.Rooms;
}

/// <summary>One room in a <see cref="RoomsFrame"/> list.</summary>
/// <param name="Room">The room name.</param>
/// <param name="Topic">Its topic, or null.</param>
/// <param name="Members">How many people are in it now.</param>
public sealed record RoomSummary(string Room, string? Topic, int Members);
