namespace Piazza.Protocol;

/// <summary>
/// The topic of <paramref name="Room"/>. From a client, a request to set it (only
/// <paramref name="Room"/> and <paramref name="Topic"/>); from the server, the room event that
/// set it, with its id, time and setter.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Topic">The topic (empty clears it).</param>
/// <param name="Id">The event id (server to client only).</param>
/// <param name="Ts">When it was set (server to client only).</param>
/// <param name="User">Who set it (server to client only).</param>
/// <param name="Replay">True when sent as history.</param>
public sealed record TopicFrame(
    string Room,
    string Topic,
    long? Id = null,
    DateTimeOffset? Ts = null,
    string? User = null,
    bool Replay = false) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Topic;
}
