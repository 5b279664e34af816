namespace Piazza.Protocol;

/// <summary>The fixed numbers of protocol version 1.</summary>
public static class ProtocolLimits
{
    /// <summary>The first protocol version: one room, no cursors. A hello without <c>protocol</c> means this.</summary>
    public const int ProtocolVersion = 1;

    /// <summary>The newest protocol version this library speaks: rooms, direct messages, cursors (§7-§9).</summary>
    public const int LatestProtocolVersion = 2;

    /// <summary>The longest room name, <c>#</c> excluded.</summary>
    public const int MaxRoomNameLength = 32;

    /// <summary>The longest topic, in Unicode scalar values.</summary>
    public const int MaxTopicScalars = 300;

    /// <summary>The most events one <c>history</c> answer carries.</summary>
    public const int MaxHistoryLimit = 200;

    /// <summary>The most rooms one <c>hello</c> may name.</summary>
    public const int MaxHelloRooms = 100;

    /// <summary>The largest client-to-server frame, in bytes, including the terminating <c>\n</c>.</summary>
    public const int MaxClientFrameBytes = 16 * 1024;

    /// <summary>
    /// The largest server-to-client frame a client accepts, in bytes. The contract asks clients to
    /// accept at least 1 MiB; a welcome with a full member list of a large room can approach that.
    /// </summary>
    public const int MaxServerFrameBytes = 4 * 1024 * 1024;

    /// <summary>The most Unicode scalar values a message text may hold.</summary>
    public const int MaxTextScalars = 2000;

    /// <summary>The longest client reference (<c>ref</c>) on a <c>say</c>, in characters.</summary>
    public const int MaxRefLength = 64;

    /// <summary>The longest username, in characters.</summary>
    public const int MaxUsernameLength = 32;

    /// <summary>The longest ban or mute with a duration, in seconds (ten years); longer is for good, without a duration.</summary>
    public const long MaxModerationSeconds = 315_360_000;

    /// <summary>The deepest JSON nesting a frame may have; deeper frames are <c>bad_frame</c>.</summary>
    public const int MaxJsonDepth = 16;
}
