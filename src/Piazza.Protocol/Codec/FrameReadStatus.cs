namespace Piazza.Protocol;

/// <summary>What <see cref="FrameDecoder.Read"/> found at the front of the buffer.</summary>
public enum FrameReadStatus
{
    /// <summary>
    /// No complete line yet; read more bytes and call again. Blank lines before the incomplete one
    /// may have been consumed; nothing else was.
    /// </summary>
    NeedMoreData,

    /// <summary>A frame was decoded and consumed from the buffer.</summary>
    Frame,

    /// <summary>A line was consumed but is not a valid frame (<c>bad_frame</c> or <c>unknown_type</c>); the stream may go on.</summary>
    Invalid,

    /// <summary>
    /// The line is longer than the limit (<c>frame_too_large</c>). The long line was not consumed
    /// (blank lines before it may have been): the stream cannot be resynchronised without
    /// buffering past the limit, so the connection must end.
    /// </summary>
    TooLarge,
}
