using System.Buffers;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>After an invalid line the stream goes on with the next frame; only TooLarge ends it.</summary>
public sealed class StreamRecoveryTests
{
    private static readonly byte[] Mixed =
    [
        .. Wire.Bytes("{\"type\":\"ping\"}\n"),
        .. Wire.Bytes("{\"type\":\"say\",\"text\":\""), 0xC0, 0xAF, .. Wire.Bytes("\"}\n"),
        .. Wire.Bytes("{\"type\":\"say\",\"text\":\"one\"}\n"),
        .. Wire.Bytes("not json\n"),
        .. Wire.Bytes("\n  \r\n"),
        .. Wire.Bytes("{\"type\":\"dance\"}\n"),
        .. Wire.Bytes("[1,2,3]\r\n"),
        .. Wire.Bytes("{\"type\":\"say\"}\n"),
        .. Wire.Bytes("{\"type\":\"say\",\"text\":\"two\",\"ref\":\"r\"}\n"),
    ];

    private static readonly (FrameReadStatus Status, string? Code, Frame? Frame)[] Expected =
    [
        (FrameReadStatus.Frame, null, PingFrame.Instance),
        (FrameReadStatus.Invalid, ErrorCodes.BadFrame, null),
        (FrameReadStatus.Frame, null, new SayFrame("one")),
        (FrameReadStatus.Invalid, ErrorCodes.BadFrame, null),
        (FrameReadStatus.Invalid, ErrorCodes.UnknownType, null),
        (FrameReadStatus.Invalid, ErrorCodes.BadFrame, null),
        (FrameReadStatus.Invalid, ErrorCodes.BadFrame, null),
        (FrameReadStatus.Frame, null, new SayFrame("two", "r")),
    ];

    [Theory]
    [MemberData(nameof(ChunkingTests.Shapes), MemberType = typeof(ChunkingTests))]
    public void Invalid_lines_are_reported_one_each_and_the_next_frame_decodes(BufferShape shape)
    {
        var whole = new FrameStreamReader(ProtocolLimits.MaxClientFrameBytes, shape);
        whole.Feed(Mixed);
        var bytewise = new FrameStreamReader(ProtocolLimits.MaxClientFrameBytes, shape);
        bytewise.FeedByteByByte(Mixed);

        foreach (var reader in new[] { whole, bytewise })
        {
            Assert.Equal(Expected.Select(e => (e.Status, e.Code, e.Frame)), reader.Results.Select(r => (r.Status, r.Error?.Code, r.Frame)));
            Assert.Equal(0, reader.Buffered);
            Assert.False(reader.Stopped);
        }
    }

    [Fact]
    public void An_invalid_line_is_consumed_up_to_and_including_its_newline()
    {
        var buffer = new ReadOnlySequence<byte>(Wire.Bytes("oops\n{\"type\":\"ping\"}\n"));

        var first = FrameDecoder.Read(ref buffer, 100);

        Assert.Equal(FrameReadStatus.Invalid, first.Status);
        Assert.Equal(Wire.Bytes("{\"type\":\"ping\"}\n"), buffer.ToArray());
        Assert.Equal(PingFrame.Instance, FrameDecoder.Read(ref buffer, 100).Frame);
    }
}
