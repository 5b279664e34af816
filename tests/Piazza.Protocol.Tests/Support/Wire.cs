using System.Buffers;
using System.Text;

namespace Piazza.Protocol.Tests.Support;

/// <summary>Short ways to put bytes through the codec.</summary>
internal static class Wire
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public static string Write(Frame frame) => Text(FrameWriter.ToBytes(frame));

    /// <summary>Decodes one line (a newline is added when missing) and checks it was wholly consumed.</summary>
    public static FrameReadResult ReadLine(string line, int maxFrameBytes = ProtocolLimits.MaxClientFrameBytes) =>
        ReadLine(Bytes(line), maxFrameBytes);

    public static FrameReadResult ReadLine(byte[] line, int maxFrameBytes = ProtocolLimits.MaxClientFrameBytes)
    {
        if (line.Length == 0 || line[^1] != '\n')
        {
            line = [.. line, (byte)'\n'];
        }

        var buffer = new ReadOnlySequence<byte>(line);
        var result = FrameDecoder.Read(ref buffer, maxFrameBytes);
        Assert.True(buffer.IsEmpty, $"The line was not wholly consumed ({buffer.Length} bytes left, status {result.Status}).");
        return result;
    }

    /// <summary>Decodes a line that must be a valid frame.</summary>
    public static Frame Decode(string line)
    {
        var result = ReadLine(line);
        Assert.True(result.Status == FrameReadStatus.Frame, $"Expected a frame, got {result.Status}: {result.Error?.Message}");
        return result.Frame!;
    }

    /// <summary>Decodes a line that must be refused with <paramref name="code"/>; returns the error.</summary>
    public static ProtocolError Refused(string line, string code = ErrorCodes.BadFrame) => Refused(Bytes(line), code);

    public static ProtocolError Refused(byte[] line, string code = ErrorCodes.BadFrame)
    {
        var result = ReadLine(line);
        Assert.True(result.Status == FrameReadStatus.Invalid, $"Expected Invalid ({code}), got {result.Status} {result.Frame}.");
        Assert.Null(result.Frame);
        Assert.NotNull(result.Error);
        Assert.Equal(code, result.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
        return result.Error;
    }

    /// <summary>Writes the frames one after the other, as one stream.</summary>
    public static byte[] Stream(IEnumerable<Frame> frames)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var frame in frames)
        {
            FrameWriter.Write(output, frame);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a whole stream handed over at once.</summary>
    public static FrameStreamReader ReadAll(byte[] stream, int maxFrameBytes = ProtocolLimits.MaxClientFrameBytes)
    {
        var reader = new FrameStreamReader(maxFrameBytes, BufferShape.Contiguous);
        reader.Feed(stream);
        return reader;
    }
}
