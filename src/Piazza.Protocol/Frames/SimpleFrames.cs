namespace Piazza.Protocol;

/// <summary>Keepalive probe; the other side answers <see cref="PongFrame"/> at once.</summary>
public sealed record PingFrame : Frame
{
    /// <summary>The one instance needed.</summary>
    public static PingFrame Instance { get; } = new();

    /// <inheritdoc />
    public override string Type => FrameTypes.Ping;
}

/// <summary>The answer to <see cref="PingFrame"/>.</summary>
public sealed record PongFrame : Frame
{
    /// <summary>The one instance needed.</summary>
    public static PongFrame Instance { get; } = new();

    /// <inheritdoc />
    public override string Type => FrameTypes.Pong;
}

/// <summary>A polite leave; the server closes the connection.</summary>
public sealed record ByeFrame : Frame
{
    /// <summary>The one instance needed.</summary>
    public static ByeFrame Instance { get; } = new();

    /// <inheritdoc />
    public override string Type => FrameTypes.Bye;
}

/// <summary>A request for the member list of <paramref name="Room"/> (absent: the default room); answered with <see cref="UsersFrame"/>.</summary>
public sealed record WhoFrame(string? Room = null) : Frame
{
    /// <summary>The request for the default room.</summary>
    public static WhoFrame Instance { get; } = new();

    /// <inheritdoc />
    public override string Type => FrameTypes.Who;
}
