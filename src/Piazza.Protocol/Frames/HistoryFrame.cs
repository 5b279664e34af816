namespace Piazza.Protocol;

/// <summary>
/// Scrollback. From a client, a request for the events of <paramref name="Room"/> before
/// <paramref name="Before"/> (absent: from the newest), at most <paramref name="Limit"/> (at most
/// 200). From the server, the answer: <paramref name="Events"/> oldest first, and whether
/// <paramref name="More"/> older ones exist.
/// </summary>
/// <param name="Room">The room, or <c>@name</c> for a direct conversation.</param>
/// <param name="Before">Only events with a smaller id (request).</param>
/// <param name="Limit">The most events wanted (request).</param>
/// <param name="Events">The events, oldest first: <see cref="MessageFrame"/>, <see cref="JoinedFrame"/>, <see cref="LeftFrame"/>, <see cref="TopicFrame"/> (answer).</param>
/// <param name="More">True when older events exist (answer).</param>
public sealed record HistoryFrame(
    string Room,
    long? Before = null,
    int? Limit = null,
    IReadOnlyList<Frame>? Events = null,
    bool? More = null) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.History;
}
