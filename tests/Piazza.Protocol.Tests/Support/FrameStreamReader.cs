using System.Buffers;

namespace Piazza.Protocol.Tests.Support;

/// <summary>How a simulated reader keeps the bytes it has received.</summary>
public enum BufferShape
{
    /// <summary>One array, re-copied on every read (a pooled-buffer reader).</summary>
    Contiguous,

    /// <summary>One segment per received chunk (a pipe reader).</summary>
    Segmented,
}

/// <summary>
/// Plays the part of a connection's reader loop: receives chunks as TCP would deliver them, keeps
/// the unconsumed bytes in a <see cref="ReadOnlySequence{T}"/>, and calls
/// <see cref="FrameDecoder.Read"/> until it needs more data. After every call it checks what the
/// decoder promises: what it consumed ends at a newline it found within the limit, and what it left
/// holds no newline it should have seen.
/// </summary>
internal sealed class FrameStreamReader(int maxFrameBytes = ProtocolLimits.MaxClientFrameBytes, BufferShape shape = BufferShape.Segmented)
{
    private ReadOnlySequence<byte> _buffer = ReadOnlySequence<byte>.Empty;
    private BufferSegment? _last;

    /// <summary>Every frame, invalid line and the final TooLarge, in stream order.</summary>
    public List<FrameReadResult> Results { get; } = [];

    /// <summary>The frames alone.</summary>
    public IEnumerable<Frame> Frames => Results.Where(r => r.Status == FrameReadStatus.Frame).Select(r => r.Frame!);

    /// <summary>True once the decoder said TooLarge: a real reader closes the connection then.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Bytes received and not consumed.</summary>
    public long Buffered => _buffer.Length;

    /// <summary>The most bytes held at once, after a read.</summary>
    public long MaxBufferedAfterRead { get; private set; }

    /// <summary>The number of <see cref="FrameDecoder.Read"/> calls made.</summary>
    public int ReadCalls { get; private set; }

    public int MaxFrameBytes => maxFrameBytes;

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (Stopped)
        {
            throw new InvalidOperationException("The stream was refused as too large; a reader stops here.");
        }

        Append(chunk);
        Drain();
    }

    public void FeedAll(IEnumerable<byte[]> chunks)
    {
        foreach (var chunk in chunks)
        {
            if (Stopped)
            {
                return;
            }

            Feed(chunk);
        }
    }

    /// <summary>Feeds <paramref name="bytes"/> one byte per chunk.</summary>
    public void FeedByteByByte(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length && !Stopped; i++)
        {
            Feed(bytes.Slice(i, 1));
        }
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        if (shape == BufferShape.Contiguous)
        {
            var joined = new byte[_buffer.Length + chunk.Length];
            _buffer.CopyTo(joined);
            chunk.CopyTo(joined.AsSpan((int)_buffer.Length));
            _buffer = new ReadOnlySequence<byte>(joined);
            return;
        }

        var segment = new BufferSegment(chunk.ToArray());
        if (_buffer.IsEmpty || _last is null)
        {
            _last = segment;
            _buffer = new ReadOnlySequence<byte>(segment, 0, segment, segment.Memory.Length);
            return;
        }

        // Keep the unconsumed start where it is, in whatever older segment it lies.
        var start = _buffer.Start;
        _last = _last.Append(segment);
        _buffer = new ReadOnlySequence<byte>((BufferSegment)start.GetObject()!, start.GetInteger(), _last, _last.Memory.Length);
    }

    private void Drain()
    {
        while (true)
        {
            var before = _buffer;
            var result = FrameDecoder.Read(ref _buffer, maxFrameBytes);
            ReadCalls++;
            MaxBufferedAfterRead = Math.Max(MaxBufferedAfterRead, _buffer.Length);
            CheckPromises(before, _buffer, result);
            switch (result.Status)
            {
                case FrameReadStatus.NeedMoreData:
                    return;
                case FrameReadStatus.TooLarge:
                    Results.Add(result);
                    Stopped = true;
                    return;
                default:
                    Results.Add(result);
                    break;
            }
        }
    }

    private void CheckPromises(ReadOnlySequence<byte> before, ReadOnlySequence<byte> after, FrameReadResult result)
    {
        var consumed = before.Slice(0, before.Length - after.Length).ToArray();
        if (!after.IsEmpty)
        {
            // What is left is the tail of what was there: the decoder only moves the start.
            Assert.Equal(before.End, after.End);
        }

        var lines = SplitAfterNewlines(consumed);
        if (consumed.Length > 0)
        {
            Assert.Equal((byte)'\n', consumed[^1]);
        }

        foreach (var line in lines)
        {
            Assert.True(line.Length <= maxFrameBytes, $"A line of {line.Length} bytes was consumed past the limit {maxFrameBytes}.");
        }

        // Every consumed line but the last is a skipped blank line.
        foreach (var line in lines.Take(Math.Max(0, lines.Count - 1)))
        {
            Assert.True(IsBlank(line), "A non-blank line was consumed without a result.");
        }

        var window = after.Slice(0, Math.Min(after.Length, maxFrameBytes));
        switch (result.Status)
        {
            case FrameReadStatus.NeedMoreData:
                Assert.Null(result.Frame);
                Assert.Null(result.Error);
                Assert.True(lines.All(IsBlank), "NeedMoreData after consuming a non-blank line.");
                Assert.Null(window.PositionOf((byte)'\n'));
                Assert.True(after.Length < maxFrameBytes, "NeedMoreData while a full frame's worth of bytes without newline was present.");
                break;
            case FrameReadStatus.TooLarge:
                Assert.Null(result.Frame);
                Assert.Equal(ErrorCodes.FrameTooLarge, result.Error?.Code);
                Assert.True(lines.All(IsBlank), "TooLarge after consuming a non-blank line.");
                Assert.Null(window.PositionOf((byte)'\n'));
                Assert.True(after.Length >= maxFrameBytes);
                break;
            case FrameReadStatus.Frame:
                Assert.NotNull(result.Frame);
                Assert.Null(result.Error);
                Assert.NotEmpty(lines);
                Assert.False(IsBlank(lines[^1]));
                break;
            case FrameReadStatus.Invalid:
                Assert.Null(result.Frame);
                Assert.NotNull(result.Error);
                Assert.Contains(result.Error.Code, new[] { ErrorCodes.BadFrame, ErrorCodes.UnknownType });
                Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
                Assert.NotEmpty(lines);
                Assert.False(IsBlank(lines[^1]));
                break;
            default:
                Assert.Fail($"Unknown status {result.Status}.");
                break;
        }
    }

    private static List<byte[]> SplitAfterNewlines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                lines.Add(bytes[start..(i + 1)]);
                start = i + 1;
            }
        }

        return lines;
    }

    private static bool IsBlank(byte[] line) => line.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n');
}
