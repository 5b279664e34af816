using System.Buffers;

namespace Piazza.Protocol;

/// <summary>
/// Cuts frames out of a byte stream, whatever its TCP chunking. Pure: bytes in, frames or a typed
/// error out, no I/O and no state between calls; the caller owns the buffer.
/// </summary>
public static class FrameDecoder
{
    private const byte NewLine = (byte)'\n';

    /// <summary>
    /// Reads the next frame from the front of <paramref name="buffer"/>, skipping blank lines, and
    /// advances the buffer past what it consumed. Never looks further than
    /// <paramref name="maxFrameBytes"/> bytes ahead for the end of a line.
    /// </summary>
    /// <param name="buffer">Bytes received and not yet consumed.</param>
    /// <param name="maxFrameBytes">The largest frame accepted, newline included.</param>
    public static FrameReadResult Read(ref ReadOnlySequence<byte> buffer, int maxFrameBytes)
    {
        while (true)
        {
            switch (TryCutLine(ref buffer, maxFrameBytes, out var line))
            {
                case LineStatus.NeedMoreData:
                    return FrameReadResult.NeedMoreData;
                case LineStatus.TooLarge:
                    return new FrameReadResult(FrameReadStatus.TooLarge, null, ProtocolError.FrameTooLarge(maxFrameBytes));
            }

            var result = FrameParser.Parse(line);
            if (result.Status != FrameReadStatus.NeedMoreData)
            {
                return result;
            }

            // A blank line: ignored by contract; look at the next one.
        }
    }

    /// <summary>
    /// Reads one line already cut from the stream (without its <c>\n</c>; a trailing <c>\r</c> is
    /// ignored). A blank line gives <see cref="FrameReadStatus.NeedMoreData"/>: nothing to act on.
    /// </summary>
    public static FrameReadResult Parse(in ReadOnlySequence<byte> line) => FrameParser.Parse(line);

    /// <summary>
    /// Cuts the next line (without its <c>\n</c>) from the front of <paramref name="buffer"/>.
    /// </summary>
    public static LineStatus TryCutLine(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out ReadOnlySequence<byte> line)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 1);

        // Only the first maxFrameBytes can hold the end of an acceptable frame.
        var window = buffer.Length > maxFrameBytes ? buffer.Slice(0, maxFrameBytes) : buffer;
        var end = window.PositionOf(NewLine);
        if (end is null)
        {
            line = default;
            return buffer.Length >= maxFrameBytes ? LineStatus.TooLarge : LineStatus.NeedMoreData;
        }

        line = buffer.Slice(0, end.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
        return LineStatus.Line;
    }
}

/// <summary>What <see cref="FrameDecoder.TryCutLine"/> found.</summary>
public enum LineStatus
{
    /// <summary>No newline yet within the limit.</summary>
    NeedMoreData,

    /// <summary>A line was cut and the buffer advanced past its newline.</summary>
    Line,

    /// <summary>More than the limit arrived without a newline.</summary>
    TooLarge,
}
